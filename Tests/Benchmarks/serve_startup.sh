#!/usr/bin/env bash
# The lesson's whole process (descent train --no-plots) from two builds of descent.dll, alternating, N runs each:
# median and spread of the wall-clock milliseconds. Used to measure what referencing ASP.NET Core (Descent.Serve)
# costs the other verbs' start-up (docs/performance-serve.md).
#   bash Tests/Benchmarks/serve_startup.sh BEFORE_DIR AFTER_DIR [N]
set -euo pipefail
before=$1; after=$2; n=${3:-15}
out=$(mktemp -d)
run() { # dir → milliseconds
  local t0 t1
  t0=$(date +%s%N)
  dotnet "$1/descent.dll" train --no-plots --out "$out/o" > /dev/null
  t1=$(date +%s%N)
  echo $(( (t1 - t0) / 1000000 ))
}
run "$before" > /dev/null; run "$after" > /dev/null  # warm the disk cache
for i in $(seq "$n"); do
  echo "before $(run "$before")" >> "$out/times"
  echo "after $(run "$after")" >> "$out/times"
done
for which in before after; do
  awk -v w="$which" '$1 == w { print $2 }' "$out/times" | sort -n | awk -v w="$which" '
    { v[NR] = $1 } END { printf "%s: median %d ms, min %d, max %d, runs %d\n", w, v[int((NR + 1) / 2)], v[1], v[NR], NR }'
done
rm -rf "$out"
