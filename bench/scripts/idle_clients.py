"""Opens N keep-alive connections to a server, makes one request on each, and holds them idle.

    python3 idle_clients.py PORT N PATH

Prints "ready N" once every connection got its response, then, on each line read from stdin, answers
"alive K" (how many of them the server still holds open) until stdin ends.
"""
import socket
import sys

port, n, path = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
request = ("GET %s HTTP/1.1\r\nHost: x\r\n\r\n" % path).encode()
conns = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(request)
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(65536)
        if not chunk:
            raise SystemExit("connection %d closed by the server" % i)
        head += chunk
    length = int([l for l in head.split(b"\r\n") if l.lower().startswith(b"content-length:")][0].split(b":")[1])
    body = head.split(b"\r\n\r\n", 1)[1]
    while len(body) < length:
        body += s.recv(65536)
    conns.append(s)
print("ready %d" % len(conns), flush=True)
for line in sys.stdin:
    alive = 0
    for s in conns:
        s.setblocking(False)
        try:
            alive += 0 if s.recv(1) == b"" else 1
        except BlockingIOError:
            alive += 1
        except OSError:
            pass
    print("alive %d" % alive, flush=True)
