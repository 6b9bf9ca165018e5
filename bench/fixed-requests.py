#!/usr/bin/env python3
"""Sends a fixed number of keep-alive requests to one server, for counting its
system calls per request (bench/server-bench.sh runs it under `strace -c -f`).

Usage: fixed-requests.py PORT COUNT CONNECTIONS

The request is the one bench/server-request.lua describes (BENCH_METHOD,
BENCH_PATH, BENCH_TOKEN, BENCH_AUTHORIZATION, BENCH_BODY). Every connection
keeps one request in flight, as wrk does; every answer must be 2xx, or the
script stops with status 1.
"""
import os
import selectors
import socket
import sys

port, count, connections = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
method = os.environ.get("BENCH_METHOD", "GET")
path = os.environ.get("BENCH_PATH", "/")
body = os.environ.get("BENCH_BODY", "").encode()
headers = ["Host: 127.0.0.1"]
if os.environ.get("BENCH_TOKEN"):
    headers.append("Authorization: Bearer " + os.environ["BENCH_TOKEN"])
if os.environ.get("BENCH_AUTHORIZATION"):
    headers = [h for h in headers if not h.startswith("Authorization:")]
    headers.append("Authorization: " + os.environ["BENCH_AUTHORIZATION"])
if body:
    headers.append("Content-Type: application/json")
    headers.append("Content-Length: %d" % len(body))
request = ("%s %s HTTP/1.1\r\n%s\r\n\r\n" % (method, path, "\r\n".join(headers))).encode() + body

selector = selectors.DefaultSelector()
sent = 0
answered = 0
buffers = {}


def send(sock):
    global sent
    sock.sendall(request)
    sent += 1


for _ in range(min(connections, count)):
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    buffers[sock] = b""
    selector.register(sock, selectors.EVENT_READ)
    send(sock)

while answered < count:
    for key, _ in selector.select():
        sock = key.fileobj
        chunk = sock.recv(65536)
        if not chunk:
            sys.exit("connection closed after %d answers" % answered)
        data = buffers[sock] + chunk
        while True:
            end = data.find(b"\r\n\r\n")
            if end < 0:
                break
            head = data[:end].decode("latin-1").split("\r\n")
            length = 0
            for line in head[1:]:
                name, _, value = line.partition(":")
                if name.strip().lower() == "content-length":
                    length = int(value.strip())
            if len(data) < end + 4 + length:
                break
            status = int(head[0].split(" ")[1])
            if not 200 <= status < 300:
                sys.exit("answer %d: %s" % (answered, head[0]))
            data = data[end + 4 + length:]
            answered += 1
            if sent < count:
                send(sock)
        buffers[sock] = data
for sock in buffers:
    sock.close()
print(answered)
