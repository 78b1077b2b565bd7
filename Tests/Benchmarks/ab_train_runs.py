"""A/B of two (or more) builds of descent on the data runs of issue 15, alternating the builds command by command so
that both see the same load: the set-up command (generated 1,000,000 x 64, 2 and 12 epochs) and the 1M x 20 CSV run.
Prints, per command and build, the medians and the minimums of the run JSON's timings, wall-clock and CPU seconds.
Usage: /usr/bin/python3 Tests/Benchmarks/ab_train_runs.py ROUNDS NAME=DESCENT NAME=DESCENT ...
  e.g. ... 4 before=/tmp/before/Cli.FSharp/bin/Release/net10.0/descent after=Cli.FSharp/bin/Release/net10.0/descent
Environment: TABLE (default /tmp/descent-tables/table_1m_20.csv, made by side_by_side_data.sh), ONLY=name,name."""
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

rounds = int(sys.argv[1])
builds = dict(a.split("=", 1) for a in sys.argv[2:])
table = os.environ.get("TABLE", "/tmp/descent-tables/table_1m_20.csv")
out = tempfile.mkdtemp()
setup = ["train", "--samples", "1000000", "--features", "64", "--test-size", "0.01", "--loss", "logloss"]
commands = {
    "samples e2": setup + ["--epochs", "2"],
    "samples e12": setup + ["--epochs", "12"],
    "csv": ["train", "--data", table, "--loss", "logloss", "--epochs", "10"],
}
if os.environ.get("ONLY"):
    commands = {k: v for k, v in commands.items() if k in os.environ["ONLY"].split(",")}
results, loads = {}, []
for _ in range(rounds):
    loads.append(os.getloadavg()[0])
    for name, argv in commands.items():
        for build, exe in builds.items():
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            text = subprocess.run([exe] + argv + ["--no-plots", "--json", "--out", out], capture_output=True, text=True, check=True).stdout
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            timings = dict(json.loads(text)["timings"], wall=wall, cpu=after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
            for key, value in timings.items():
                results.setdefault((name, build, key), []).append(value)
print(f"{rounds} rounds, load average at the rounds' starts: {' '.join(f'{l:.1f}' for l in loads)}")
keys = ["loadSeconds", "splitSeconds", "trainSeconds", "wall", "cpu"]
for name in commands:
    for build in builds:
        for label, f in (("median", statistics.median), ("min", min)):
            print(f"{name:12} {build:8} {label:6} " + "  ".join(f"{k.replace('Seconds', '')} {f(results[(name, build, k)]):.3f}" for k in keys))
