#!/usr/bin/env bash
# How long `descent train --data` takes to load a 1,000,000-row × 20-column Parquet table (19 double features and an
# int64 label, as `descent data --samples 1000000 --features 19` makes it) written three ways: by descent's own
# `data --out` (PLAIN, snappy), PLAIN by Apache's writer, and dictionary-encoded + snappy by Apache's writer (pyarrow's
# and Spark's defaults; parquet_encodings.fsx). Each file is loaded by this build and, when BASE names another build's
# descent.dll (e.g. a worktree of an earlier commit), by that one, alternating, RUNS times; prints the loadSeconds of
# `--json` (median, min, max). The tables go to $TABLES (default /tmp/descent-tables), never into the repository.
# Usage: bash Tests/Benchmarks/parquet_load.sh   (after dotnet build Hybrid.sln -c Release)
#        BASE=/path/to/other/Cli.FSharp/bin/Release/net10.0/descent.dll RUNS=7 bash Tests/Benchmarks/parquet_load.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
this="Cli.FSharp/bin/Release/net10.0/descent.dll"
base=${BASE:-}
tables=${TABLES:-/tmp/descent-tables}
mkdir -p "$tables"
own=$tables/pq_1m_20_descent.parquet
plain=$tables/pq_1m_20_plain.parquet
dictionary=$tables/pq_1m_20_dictionary.parquet
[ -f "$own" ] || dotnet "${BASE:-$this}" data --samples 1000000 --features 19 --out "$own" 2> /dev/null
[ -f "$plain" ] || dotnet fsi Tests/Benchmarks/parquet_encodings.fsx "$own" "$plain" plain
[ -f "$dictionary" ] || dotnet fsi Tests/Benchmarks/parquet_encodings.fsx "$own" "$dictionary" dictionary
echo "$(date -u +%F) $(git rev-parse --short HEAD); $(lscpu | grep 'Model name' | sed 's/  */ /g'); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
ls -l "$own" "$plain" "$dictionary" | awk '{ print "  " $5 " bytes  " $9 }'

load() { # dll file -> loadSeconds
  cat "$2" > /dev/null
  dotnet "$1" train --data "$2" --epochs 1 --no-plots --json --out "$tables/out" 2> /dev/null \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["timings"]["loadSeconds"])'
}

declare -A times
builds=("this")
[ -n "$base" ] && builds+=("base")
runs=${RUNS:-5}
for i in $(seq "$runs"); do
  for file in own plain dictionary; do
    for build in "${builds[@]}"; do
      dll=$this; [ "$build" = base ] && dll=$base
      t=$(load "$dll" "${!file}")
      times[$build.$file]="${times[$build.$file]:-} $t"
    done
  done
done
for build in "${builds[@]}"; do
  for file in own plain dictionary; do
    echo "${times[$build.$file]}" | python3 -c "import sys, statistics as s
v = sorted(float(x) for x in sys.stdin.read().split())
print(f'$build  %-11s loadSeconds median %.3f  min %.3f  max %.3f  (n={len(v)}: %s)' % ('$file', s.median(v), v[0], v[-1], ' '.join(f'{x:.3f}' for x in v)))"
  done
done
