#!/usr/bin/env python3
"""The server's own part of a change's first frame: the time from sending GET /api/train/stream (the page's request,
α moved a little each time) to receiving its first `epoch` event, by a plain socket client with no browser running.

    python3 Tests/Benchmarks/serve_first_event.py [--dll Cli.FSharp/bin/Release/net10.0/descent.dll] [--requests 100]
        [--rounds 3]

Starts the server itself on a free loopback port, sends a few requests to warm it up, then prints each round's p50 and
p95; stops the server with SIGTERM."""
import argparse, re, socket, subprocess, time

p = argparse.ArgumentParser()
p.add_argument("--dll", default="Cli.FSharp/bin/Release/net10.0/descent.dll")
p.add_argument("--requests", type=int, default=100)
p.add_argument("--rounds", type=int, default=3)
a = p.parse_args()

server = subprocess.Popen(["dotnet", a.dll, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
port = int(re.search(r"http://[^:]+:(\d+)", server.stdout.readline()).group(1))


def first_event(i):
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port)) as s:
        s.sendall(("GET /api/train/stream?alpha=%g&record-weights&page=bench.0 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n" % (0.01 + 0.0001 * i)).encode())
        got, first = b"", None
        while True:
            chunk = s.recv(65536)
            if not chunk:
                return first
            got += chunk
            if first is None and b"event: epoch" in got:
                first = (time.perf_counter() - start) * 1000


try:
    for i in range(20):
        first_event(i)
    for r in range(a.rounds):
        ms = sorted(first_event(i) for i in range(a.requests))
        print("round %d: first epoch event after p50 %.1f ms, p95 %.1f ms over %d requests" % (r + 1, ms[len(ms) // 2], ms[int(len(ms) * 0.95)], len(ms)))
finally:
    server.terminate()
    server.wait()
