"""A/B of two (or more) installed descent tools on the whole processes issue 25 judges a change by, alternating the
tools run by run (their order flipped every round) so that both see the same load:
  lesson   descent train --no-plots
  csv      train --csv TABLE.csv --loss logloss --epochs 10          (1,000,000 x 20: 19 features and a label)
  parquet  train --data TABLE.parquet --loss logloss --epochs 10     (the same table as Parquet)
  blobs    train --samples 1000000 --features 32 --epochs 5          (1,000,000 x 33 with the bias column)
  bench    bench --sizes 1000000x33                                  (the epoch itself, after a warm-up)
Prints per command and tool the median [min-max] of wall and CPU seconds, peak resident MB, and the run JSON's timings
(bench: the median epoch and read pass).
Usage: /usr/bin/python3 Tests/Benchmarks/ab_train_runs.py ROUNDS NAME=DESCENT NAME=DESCENT ...
  e.g. ... 7 before=/tmp/before/descent after=/tmp/after/descent   (each from `dotnet pack -c Release -o artifacts` and
  `dotnet tool install Descent.Tool --tool-path DIR --add-source ./artifacts`, with its own NUGET_PACKAGES)
Environment: TABLE (default /tmp/descent-tables/table_1m_20, .csv and .parquet made by side_by_side_data.sh),
ONLY=name,name."""
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

rounds = int(sys.argv[1])
builds = dict(a.split("=", 1) for a in sys.argv[2:])
table = os.environ.get("TABLE", "/tmp/descent-tables/table_1m_20")
commands = {
    "lesson": ["train", "--no-plots"],
    "csv": ["train", "--csv", table + ".csv", "--loss", "logloss", "--epochs", "10", "--no-plots", "--json"],
    "parquet": ["train", "--data", table + ".parquet", "--loss", "logloss", "--epochs", "10", "--no-plots", "--json"],
    "blobs": ["train", "--samples", "1000000", "--features", "32", "--epochs", "5", "--no-plots", "--json"],
    "bench": ["bench", "--sizes", "1000000x33", "--json"],
}
if os.environ.get("ONLY"):
    commands = {k: v for k, v in commands.items() if k in os.environ["ONLY"].split(",")}


def once(exe, argv):
    """Wall and CPU seconds, peak resident MB and the JSON's timings of one whole process, in a fresh folder."""
    folder = tempfile.mkdtemp()
    start = time.perf_counter()
    out = ["--out", folder + "/out"] if argv[0] == "train" else []
    child = subprocess.Popen([exe] + argv + out, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    text = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    shutil.rmtree(folder)
    if status != 0:
        sys.exit(f"{exe} {' '.join(argv)} failed")
    timings = {}
    if argv[0] == "bench":
        result = json.loads(text)["results"][0]
        timings = {"epochSeconds": result["epochSeconds"]["median"], "readPassSeconds": result["readPassSeconds"]["median"]}
    elif "--json" in argv:
        timings = json.loads(text)["timings"]
    return dict(timings, wall=wall, cpu=usage.ru_utime + usage.ru_stime, peakMB=usage.ru_maxrss / 1024)


results, loads = {}, []
for argv in commands.values():  # the tables into the page cache, each tool's files once
    for exe in builds.values():
        once(exe, argv)
for r in range(rounds):
    loads.append(os.getloadavg()[0])
    order = list(builds.items()) if r % 2 == 0 else list(reversed(builds.items()))
    for name, argv in commands.items():
        for build, exe in order:
            for key, value in once(exe, argv).items():
                results.setdefault((name, build, key), []).append(value)
print(f"{rounds} rounds, load average at the rounds' starts: {' '.join(f'{l:.1f}' for l in loads)}")
for name in commands:
    for key in ["wall", "cpu", "peakMB", "loadSeconds", "splitSeconds", "trainSeconds", "epochSeconds", "readPassSeconds"]:
        if (name, next(iter(builds)), key) not in results:
            continue
        line = f"{name:8} {key:13}"
        for build in builds:
            v = results[(name, build, key)]
            line += f"  {build} {statistics.median(v):8.3f} [{min(v):.3f}-{max(v):.3f}]"
        print(line)
