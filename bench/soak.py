#!/usr/bin/python3
"""Soak ncre-server: mixed candidate and staff traffic over verified TLS
from 127.0.0.2 while hostile clients on 127.0.0.1 trickle, flood and send
junk. Run by bench/soak.sh (make soak), which starts the server.

Prints, at the start (after a warm-up) and every minute: requests served,
error counts, p50/p99 latency of the last minute, the server's RSS and open
descriptors; a final summary compares start and end (the goal: flat).
Standard library only (Debian's /usr/bin/python3)."""
import argparse
import collections
import http.client
import json
import os
import random
import socket
import ssl
import threading
import time

LEGIT_ADDR = "127.0.0.2"
HOSTILE_ADDR = "127.0.0.1"
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


class Stats:
    """Latencies and outcomes, per minute and in all (one lock)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.served = 0
        self.expected_4xx = 0
        self.errors = collections.Counter()
        self.window = []

    def add(self, ms, status, expected):
        with self.lock:
            if status is None:
                self.errors["transport"] += 1
            elif status >= 500 or (status >= 400 and status not in expected):
                self.errors[str(status)] += 1
            else:
                self.served += 1
                if status >= 400:
                    self.expected_4xx += 1
            self.window.append(ms)

    def take_window(self):
        with self.lock:
            w, self.window = self.window, []
            return w


def pct(values, p):
    if not values:
        return 0.0
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p / 100.0))]


def resident_id(n):
    """A valid 居民身份证 number, unique per n."""
    day = time.gmtime(315532800 + (n // 900) * 86400)  # from 1980-01-01
    first17 = "110105%04d%02d%02d%03d" % (day.tm_year, day.tm_mon, day.tm_mday, 100 + n % 900)
    s = sum(int(c) * w for c, w in zip(first17, WEIGHTS))
    return first17 + CHECK[s % 11]


class Client:
    """One kept-alive HTTPS connection from LEGIT_ADDR; reconnects on error."""

    def __init__(self, args, stats):
        self.args = args
        self.stats = stats
        self.ctx = ssl.create_default_context(cafile=args.ca)
        self.conn = None

    def request(self, method, path, body=None, token=None, expected=()):
        headers = {}
        if body is not None:
            headers["Content-Type"] = "application/json"
        if token:
            headers["Authorization"] = "Bearer " + token
        start = time.monotonic()
        status, data = None, None
        for _ in range(2):
            try:
                if self.conn is None:
                    self.conn = http.client.HTTPSConnection(
                        "127.0.0.1", self.args.port, context=self.ctx, timeout=30,
                        source_address=(LEGIT_ADDR, 0))
                self.conn.request(method, path, body=body, headers=headers)
                resp = self.conn.getresponse()
                raw = resp.read()
                status = resp.status
                data = json.loads(raw) if raw and raw[:1] == b"{" else None
                break
            except (OSError, http.client.HTTPException, ValueError):
                if self.conn is not None:
                    self.conn.close()
                self.conn = None
        self.stats.add((time.monotonic() - start) * 1000.0, status, expected)
        return status, data


def candidate(args, stats, stop, n0):
    c = Client(args, stats)
    n = n0
    while not stop.is_set():
        n += args.candidates
        email = "soak%d-%d@example.cn" % (os.getpid(), n)
        phone = "139%08d" % ((os.getpid() * 100000 + n) % 100000000)
        pw = "Soak#2027x"
        c.request("GET", "/v1/exam-session")
        c.request("GET", "/v1/sites?province=99")
        c.request("GET", "/v1/sites/990101/subjects")
        st, _ = c.request("POST", "/v1/accounts", json.dumps(
            {"email": email, "phone": phone, "password": pw, "password2": pw}))
        if st != 201:
            continue
        st, d = c.request("POST", "/v1/sessions", json.dumps({"login": phone, "password": pw}))
        if st != 201:
            continue
        tok = d["token"]
        c.request("GET", "/v1/registration", token=tok)
        c.request("POST", "/v1/registration/agreement",
                  json.dumps({"version": "2027-03.1", "accept": True}), tok)
        c.request("PUT", "/v1/registration/identity", json.dumps(
            {"id_type": "resident_id", "id_number": resident_id(n)}), tok)
        c.request("GET", "/v1/forms/registration")
        for _ in range(3):
            c.request("GET", "/v1/registration", token=tok)
        # Wrong password once: counted, and refused as it should be.
        c.request("POST", "/v1/sessions", json.dumps({"login": phone, "password": "Wrong#1x"}),
                  expected=(401,))
        c.request("DELETE", "/v1/sessions/current", token=tok)


def staff(args, stats, stop, login):
    c = Client(args, stats)
    tok = None
    while not stop.is_set():
        if tok is None:
            st, d = c.request("POST", "/v1/staff/sessions",
                              json.dumps({"login": login, "password": args.staff_password}))
            if st != 201:
                time.sleep(1)
                continue
            tok = d["token"]
        c.request("GET", "/v1/staff/audit-queue", token=tok)
        c.request("GET", "/v1/staff/lookup?id_number=%s" % resident_id(random.randrange(10000)),
                  token=tok, expected=(404,))
        # Another site's or no registration: refused and logged.
        c.request("GET", "/v1/staff/registrations/%d" % random.randrange(1, 100000),
                  token=tok, expected=(404,))
        time.sleep(0.05)


def trickler(args, stop, counts):
    """Hold up to args.tricklers connections, a byte of a ClientHello every 2 s
    (a record header announcing 512 bytes, then the bytes one by one)."""
    hello = bytes([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03])
    socks = []
    while not stop.is_set():
        while len(socks) < args.tricklers:
            s = socket.socket()
            s.setblocking(False)
            s.bind((HOSTILE_ADDR, 0))
            try:
                s.connect(("127.0.0.1", args.port))
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                break
            socks.append([s, 0])
            counts["opened"] += 1
        alive = []
        for s, i in socks:
            try:
                s.send(hello[i:i + 1] if i < len(hello) else b"\x00")
                alive.append([s, i + 1])
            except (BlockingIOError, InterruptedError):
                alive.append([s, i])
            except OSError:
                s.close()
                counts["cut"] += 1
        socks = alive
        stop.wait(2)
    for s, _ in socks:
        s.close()


def junk(args, stop, counts):
    """Garbage bytes, forged log lines, control characters, huge bodies, bad tokens."""
    ctx = ssl.create_default_context(cafile=args.ca)
    bodies = [
        ("GET", "/v1/x%0a2099-01-01T00:00:00Z%20POST%20/v1/staff/registrations/1/approve%1b", None),
        ("POST", "/v1/accounts", '{"email":"a\\u0000@b.cn","phone":"13800000000"}'),
        ("POST", "/v1/sessions", "x" * 70000),
        ("GET", "/v1/registration", None),
        ("POST", "/v1/sessions", "{not json"),
    ]
    while not stop.is_set():
        try:
            with socket.create_connection(("127.0.0.1", args.port), timeout=5,
                                          source_address=(HOSTILE_ADDR, 0)) as s:
                s.sendall(os.urandom(random.randrange(1, 512)))
            counts["garbage"] += 1
        except OSError:
            counts["garbage_refused"] += 1
        method, path, body = random.choice(bodies)
        try:
            conn = http.client.HTTPSConnection("127.0.0.1", args.port, context=ctx, timeout=10,
                                               source_address=(HOSTILE_ADDR, 0))
            conn.request(method, path, body=body, headers={
                "Content-Type": "application/json", "Authorization": "Bearer forged"})
            conn.getresponse().read()
            conn.close()
            counts["junk_requests"] += 1
        except (OSError, http.client.HTTPException):
            counts["junk_refused"] += 1
        stop.wait(0.05)


def server_sample(pid):
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    return rss, len(os.listdir("/proc/%d/fd" % pid))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--ca", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--secs", type=int, default=600)
    ap.add_argument("--candidates", type=int, default=6)
    ap.add_argument("--staff", nargs="*", default=[])
    ap.add_argument("--staff-password", default="")
    ap.add_argument("--tricklers", type=int, default=100)
    args = ap.parse_args()

    stats = Stats()
    stop = threading.Event()
    counts = collections.Counter()
    threads = [threading.Thread(target=candidate, args=(args, stats, stop, i), daemon=True)
               for i in range(args.candidates)]
    threads += [threading.Thread(target=staff, args=(args, stats, stop, s), daemon=True)
                for s in args.staff]
    threads += [threading.Thread(target=trickler, args=(args, stop, counts), daemon=True),
                threading.Thread(target=junk, args=(args, stop, counts), daemon=True)]
    for t in threads:
        t.start()
    time.sleep(10)  # warm-up: connections, SQLite caches
    stats.take_window()
    rss0, fds0 = server_sample(args.pid)
    served0 = stats.served
    print("start: rss %d KiB, %d open fds (after 10 s warm-up)" % (rss0, fds0), flush=True)
    print("%6s %9s %8s %8s %8s %9s %5s %s" % ("min", "served", "req/s", "p50 ms", "p99 ms",
                                               "rss KiB", "fds", "errors"), flush=True)
    began = time.monotonic()
    minute = 0
    all_lat = []
    last_served = served0
    while time.monotonic() - began < args.secs:
        time.sleep(min(60, args.secs - (time.monotonic() - began)))
        minute += 1
        w = stats.take_window()
        all_lat.extend(w)
        rss, fds = server_sample(args.pid)
        with stats.lock:
            served, errors = stats.served, dict(stats.errors)
        print("%6d %9d %8.1f %8.1f %8.1f %9d %5d %s" % (
            minute, served - served0, (served - last_served) / 60.0, pct(w, 50), pct(w, 99),
            rss, fds, errors or "-"), flush=True)
        last_served = served
    stop.set()
    time.sleep(3)
    rss1, fds1 = server_sample(args.pid)
    with stats.lock:
        served, errors, exp4 = stats.served - served0, dict(stats.errors), stats.expected_4xx
    secs = time.monotonic() - began
    print("end: rss %d KiB (start %d, %+d), %d open fds (start %d, %+d)" % (
        rss1, rss0, rss1 - rss0, fds1, fds0, fds1 - fds0))
    print("legitimate requests served: %d in %.0f s (%.1f/s), of them expected 4xx: %d" % (
        served, secs, served / secs, exp4))
    print("errors (5xx, unexpected 4xx, transport): %s" % (errors or "none"))
    print("latency over the run: p50 %.1f ms, p99 %.1f ms, max %.1f ms" % (
        pct(all_lat, 50), pct(all_lat, 99), max(all_lat) if all_lat else 0.0))
    print("hostile side: %s" % dict(counts))
    return 0 if not errors.get("transport") and not any(
        k.startswith("5") for k in errors) else 1


if __name__ == "__main__":
    raise SystemExit(main())
