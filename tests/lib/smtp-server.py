#!/usr/bin/python3
# A real SMTP relay for the tests (Debian's python3-aiosmtpd; run it with
# /usr/bin/python3): on 127.0.0.1, STARTTLS required before anything else,
# AUTH PLAIN/LOGIN required with the given user and password, and every
# accepted message written to MAILDIR as NNNN.json
# {"from", "to": [...], "subject", "body"} (subject and body decoded).
#
#   smtp-server.py CERT KEY MAILDIR PORTFILE USER PASSWORD
#
# It writes the port it listens on to PORTFILE and runs until SIGTERM.
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.n = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        msg = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "from": envelope.mail_from,
            "to": list(envelope.rcpt_tos),
            "subject": str(msg["subject"]),
            "body": body.get_content() if body is not None else "",
            "tls": session.ssl is not None,
        }
        with self.lock:
            self.n += 1
            name = os.path.join(self.folder, "%04d.json" % self.n)
        tmp = name + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, name)
        return "250 OK"


class Auth:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, data):
        ok = (isinstance(data, LoginPassword) and data.login == self.user
              and data.password == self.password)
        return AuthResult(success=ok, handled=False)


class TLSController(Controller):
    def __init__(self, handler, ctx, auth, **kw):
        self.ctx = ctx
        self.auth = auth
        super().__init__(handler, **kw)

    def factory(self):
        return SMTP(self.handler, tls_context=self.ctx, require_starttls=True,
                    auth_required=True, auth_require_tls=True, authenticator=self.auth,
                    hostname="localhost")


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    if len(sys.argv) != 7:
        sys.stderr.write("usage: smtp-server.py CERT KEY MAILDIR PORTFILE USER PASSWORD\n")
        return 2
    cert, key, folder, portfile, user, password = sys.argv[1:]
    os.makedirs(folder, exist_ok=True)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(cert, key)
    port = free_port()
    ctl = TLSController(Store(folder), ctx, Auth(user, password), hostname="127.0.0.1",
                        port=port)
    ctl.start()
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % port)
    os.rename(portfile + ".tmp", portfile)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(1):
        pass
    ctl.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
