#!/usr/bin/env python3
"""Load on `descent serve`: CLIENTS clients calling GET /api/train for SECONDS seconds, each its own page (no request
cancels another). Prints requests, errors, latency percentiles and the server's peak resident memory (VmHWM).

    python3 Tests/Benchmarks/serve_load.py [--dll Cli.FSharp/bin/Release/net10.0/descent.dll] [--clients 32]
        [--seconds 15] [--query 'optimizer=adam&epochs=100']

Starts the server itself on a free loopback port and stops it with SIGTERM (its exit code is printed)."""
import argparse, os, re, signal, subprocess, threading, time, urllib.request, urllib.error

p = argparse.ArgumentParser()
p.add_argument("--dll", default="Cli.FSharp/bin/Release/net10.0/descent.dll")
p.add_argument("--clients", type=int, default=32)
p.add_argument("--seconds", type=float, default=15.0)
p.add_argument("--query", default="")
a = p.parse_args()

server = subprocess.Popen(["dotnet", a.dll, "serve", "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
line = server.stdout.readline()
url = re.search(r"http://\S+", line).group(0)
peak = [0]
stop = threading.Event()

def watch_memory():
    while not stop.is_set():
        try:
            with open(f"/proc/{server.pid}/status") as f:
                for l in f:
                    if l.startswith("VmHWM:"):
                        peak[0] = max(peak[0], int(l.split()[1]))
        except OSError:
            pass
        time.sleep(0.2)

latencies, errors, lock = [], [], threading.Lock()

def client(i):
    target = f"{url}api/train?{a.query}{'&' if a.query else ''}page=load{i}"
    while not stop.is_set():
        t0 = time.perf_counter()
        try:
            with urllib.request.urlopen(target, timeout=120) as r:
                r.read()
                ok = r.status == 200
        except (urllib.error.URLError, OSError) as e:
            ok = False
            with lock:
                errors.append(str(e))
        dt = time.perf_counter() - t0
        with lock:
            if ok:
                latencies.append(dt)

threading.Thread(target=watch_memory, daemon=True).start()
threads = [threading.Thread(target=client, args=(i,)) for i in range(a.clients)]
start = time.perf_counter()
for t in threads:
    t.start()
time.sleep(a.seconds)
stop.set()
for t in threads:
    t.join()
elapsed = time.perf_counter() - start
server.send_signal(signal.SIGTERM)
code = server.wait(timeout=30)

latencies.sort()
pct = lambda q: latencies[min(len(latencies) - 1, int(q * len(latencies)))] * 1000 if latencies else float("nan")
print(f"query: '{a.query}' (the lesson's experiment when empty); clients: {a.clients}; seconds: {elapsed:.1f}")
print(f"requests: {len(latencies) + len(errors)}, errors: {len(errors)}, throughput: {len(latencies) / elapsed:.1f}/s")
print(f"latency ms: p50 {pct(0.50):.1f}, p95 {pct(0.95):.1f}, max {pct(1.0):.1f}")
print(f"server peak resident memory (VmHWM): {peak[0] / 1024:.0f} MiB; exit code after SIGTERM: {code}")
if errors:
    print("first errors:", errors[:3])
