#!/usr/bin/python3
"""idle-tls.py URL CA N: open N TLS keep-alive connections to URL (verified
against CA), send one GET of URL's path on each and read its answer, then
print "ready" and hold them all, idle, until standard input closes.
Used by bench/idle-tls.sh to read the server's resident memory."""
import asyncio
import ssl
import sys
from urllib.parse import urlsplit


async def one(host, port, path, ctx, held):
    reader, writer = await asyncio.open_connection(host, port, ssl=ctx,
                                                   server_hostname=host)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n"
                 "Connection: keep-alive\r\n\r\n".encode())
    await writer.drain()
    head = await reader.readuntil(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 200"):
        raise RuntimeError(head.split(b"\r\n")[0].decode())
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":")[1])
    await reader.readexactly(length)
    held.append(writer)


async def main():
    url, ca, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    u = urlsplit(url)
    ctx = ssl.create_default_context(cafile=ca)
    held = []
    # A few at a time: the handshakes would otherwise time each other out.
    sem = asyncio.Semaphore(50)

    async def limited():
        async with sem:
            await one(u.hostname, u.port, u.path or "/", ctx, held)

    await asyncio.gather(*(limited() for _ in range(n)))
    print("ready", len(held), flush=True)
    loop = asyncio.get_running_loop()
    await loop.run_in_executor(None, sys.stdin.read)
    for w in held:
        w.close()


asyncio.run(main())
