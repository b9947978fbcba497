#!/usr/bin/env python3
"""A misbehaving server for the kiosk's network-failure tests.

  fake-server.py hang PORTFILE                 accept TCP, never answer
  fake-server.py http500 PORTFILE CERT KEY     TLS, answer every request 500 (HTML)

Listens on 127.0.0.1 on a free port, writes the port to PORTFILE, runs
until killed.
"""
import socket
import ssl
import sys
import threading
import time


def serve_hang(sock):
    held = []
    while True:
        conn, _ = sock.accept()
        held.append(conn)          # never read, never answer, never close


def answer_500(conn, ctx):
    try:
        tls = ctx.wrap_socket(conn, server_side=True)
        tls.settimeout(10)
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = tls.recv(4096)
            if not chunk:
                return
            data += chunk
        body = b"<html><body>Internal Server Error</body></html>"
        tls.sendall(b"HTTP/1.1 500 Internal Server Error\r\n"
                    b"Content-Type: text/html\r\nConnection: close\r\n"
                    b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body)
        tls.close()
    except (OSError, ssl.SSLError):
        pass


def main():
    mode, portfile = sys.argv[1], sys.argv[2]
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    with open(portfile + ".tmp", "w") as f:
        f.write(str(sock.getsockname()[1]))
    import os
    os.rename(portfile + ".tmp", portfile)
    if mode == "hang":
        serve_hang(sock)
    elif mode == "http500":
        ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        ctx.load_cert_chain(sys.argv[3], sys.argv[4])
        while True:
            conn, _ = sock.accept()
            threading.Thread(target=answer_500, args=(conn, ctx), daemon=True).start()
    else:
        sys.exit("unknown mode " + mode)


if __name__ == "__main__":
    try:
        main()
    except KeyboardInterrupt:
        pass
