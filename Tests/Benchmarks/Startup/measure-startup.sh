#!/usr/bin/env bash
# Start-up of the installed tool beside the Python lesson, as whole processes (issue 17): median wall time and median
# CPU time (user + system) of RUNS runs each, after 2 warm-up runs, the three commands taking turns run by run.
#   descent train --no-plots   vs   /usr/bin/python3 lesson.py   (target: descent ≤ 1/4 of Python's wall time)
#   descent --help                                               (target: ≤ 0.1 s)
# Needs: apt-get install -y python3-numpy python3-sklearn; `dotnet pack -c Release -o artifacts` done before.
# Usage: bash Tests/Benchmarks/Startup/measure-startup.sh [RUNS]   (from anywhere; default 20 runs)
# CPU time is printed beside wall time because a shared machine's load stretches wall time much more than CPU time.
set -euo pipefail
cd "$(dirname "$0")/../../.."
runs=${1:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
NUGET_PACKAGES="$tmp/nuget" dotnet tool install Descent.Tool --tool-path "$tmp/tool" --add-source ./artifacts > /dev/null
lesson=$(pwd)/Tests/Benchmarks/Startup/lesson.py
cd "$tmp"
/usr/bin/python3 - "$runs" "$lesson" "$tmp/tool/descent" <<'PY'
import os, resource, statistics, subprocess, sys, time
runs, lesson, descent = int(sys.argv[1]), sys.argv[2], sys.argv[3]
commands = {
    "python3 lesson.py": ["/usr/bin/python3", lesson],
    "descent train --no-plots": [descent, "train", "--no-plots"],
    "descent --help": [descent, "--help"],
}
def once(argv):
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
for argv in commands.values():
    once(argv); once(argv)
samples = {name: [] for name in commands}
for _ in range(runs):
    for name, argv in commands.items():
        samples[name].append(once(argv))
med = {name: (statistics.median(w for w, _ in s), statistics.median(c for _, c in s)) for name, s in samples.items()}
print(f"{runs} runs each (median); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
for name, (wall, cpu) in med.items():
    print(f"{name:<26} wall {wall:.3f} s   cpu {cpu:.3f} s")
py, tr = med["python3 lesson.py"], med["descent train --no-plots"]
print(f"train / Python: wall {tr[0] / py[0]:.2f}, cpu {tr[1] / py[1]:.2f} (target <= 0.25); --help wall {med['descent --help'][0]:.3f} s (target <= 0.1)")
PY
