"""Which of the given strings a running process holds in its writable memory.

    python3 tests/e2e/memscan.py PID STRING...

Reads /proc/PID/maps and, through /proc/PID/mem, every private writable
mapping (heap, stacks, anonymous and the data of the shared objects),
and prints each STRING found (UTF-8), one a line. Mappings over 1 GiB
(a sanitizer's reserved address space) are skipped: run it on a normal build. Exit status 0 when the
memory could be read (whether or not anything was found), 2 when not.
"""
import sys

# Larger mappings are address space reserved by AddressSanitizer (shadow
# memory, allocator arenas: terabytes), not memory a program filled.
HUGE = 1 << 30


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    pid = sys.argv[1]
    wanted = [s.encode("utf-8") for s in sys.argv[2:]]
    found = set()
    regions = 0
    try:
        maps = open(f"/proc/{pid}/maps").read().splitlines()
        mem = open(f"/proc/{pid}/mem", "rb", buffering=0)
    except OSError as e:
        print(f"memscan: {e}", file=sys.stderr)
        return 2
    tail = max(len(w) for w in wanted)
    for line in maps:
        parts = line.split()
        perms = parts[1]
        if not perms.startswith("rw") or perms[3] != "p":
            continue
        if len(parts) > 5 and parts[5] in ("[vvar]", "[vsyscall]"):
            continue
        lo, hi = (int(x, 16) for x in parts[0].split("-"))
        if hi - lo > HUGE:
            continue    # reserved, not used: a sanitizer's shadow or arena
        prev = b""
        for at in range(lo, hi, 1 << 20):
            try:
                mem.seek(at)
                chunk = mem.read(min(1 << 20, hi - at))
            except OSError:
                break
            buf = prev + chunk
            for w in wanted:
                if w in buf:
                    found.add(w)
            prev = chunk[-tail:]
        regions += 1
    if regions == 0:
        print("memscan: no memory read", file=sys.stderr)
        return 2
    for w in wanted:
        if w in found:
            print(w.decode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
