#!/usr/bin/env bash
# The issue's set-up figure: from the data in memory to the first epoch, in epochs, for
# `descent train --samples 1000000 --features 64 --test-size 0.01 --loss logloss --json`. Each round runs it with
# --epochs 2 and --epochs 12; an epoch is (trainSeconds(12) - trainSeconds(2)) / 10, the set-up inside trainSeconds
# (targets, engine, a slower first epoch) is trainSeconds(2) - 2 epochs, and the split's splitSeconds (the sets with
# their bias column, gathered from the drawn points) is added to it.
# Usage: RUNS=8 bash Tests/Benchmarks/setup_epochs.sh   (after dotnet build Hybrid.sln -c Release)
set -euo pipefail
cd "$(dirname "$0")/../.."
descent=${DESCENT:-Cli.FSharp/bin/Release/net10.0/descent}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
timings() {
  "$descent" train --samples 1000000 --features 64 --test-size 0.01 --loss logloss --json --no-plots --out "$out" --epochs "$1" 2>/dev/null |
    /usr/bin/python3 -c 'import json, sys; t = json.load(sys.stdin)["timings"]; print(t["trainSeconds"], t["splitSeconds"])'
}
for i in $(seq "${RUNS:-5}"); do
  echo "$(timings 2) $(timings 12)" | awk '{ epoch = ($3 - $1) / 10; inner = $1 - 2 * epoch
    printf "epoch %5.1f ms  split %5.1f ms  set-up in trainSeconds %5.1f ms  set-up %5.1f ms = %.2f epochs\n",
      epoch * 1000, $2 * 1000, inner * 1000, ($2 + inner) * 1000, ($2 + inner) / epoch }'
done | tee "$out/rounds.txt"
# The rounds' spread and median: each round's epoch is the difference of two processes' times, so one round can be
# off by a few milliseconds either way.
awk '{ print $(NF - 1) }' "$out/rounds.txt" | sort -g | awk '{ v[NR] = $1 } END {
  m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
  printf "%d rounds: %.2f-%.2f epochs, median %.2f\n", NR, v[1], v[NR], m }'
