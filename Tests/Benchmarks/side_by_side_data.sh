#!/usr/bin/env bash
# The whole `descent train --data` run on a 1,000,000-row × 20-column numeric table (19 features and a label, about
# 360 MB of CSV), as CSV and as Parquet, beside pandas + numpy doing the same work (side_by_side_data.py), each under
# /usr/bin/time -v. The tables are generated in $TABLES (default /tmp/descent-tables), never in the repository.
# descent is measured twice: as the source tree's build output (JIT-compiled) and as the tool a user installs, which
# this script packs from this clone (`dotnet pack`, ReadyToRun for linux-x64, as the README's install section says)
# and installs into a temporary tool path (TOOL=0 skips that).
# Usage: bash Tests/Benchmarks/side_by_side_data.sh   (after dotnet build Hybrid.sln -c Release;
#        needs apt-get install -y python3-pandas python3-sklearn time)
set -euo pipefail
cd "$(dirname "$0")/../.."
descent="dotnet Cli.FSharp/bin/Release/net10.0/descent.dll"
tool=""
if [ "${TOOL:-1}" = 1 ]; then
  packed=$(mktemp -d)
  trap 'rm -rf "$packed"' EXIT
  dotnet pack -c Release -o "$packed/artifacts" > "$packed/pack.log" 2>&1 || { tail -n 30 "$packed/pack.log"; exit 1; }
  NUGET_PACKAGES="$packed/nuget" dotnet tool install Descent.Tool --tool-path "$packed/tool" --add-source "$packed/artifacts" > /dev/null
  tool=$packed/tool/descent
fi
tables=${TABLES:-/tmp/descent-tables}
mkdir -p "$tables"
csv=$tables/table_1m_20.csv
parquet=$tables/table_1m_20.parquet
[ -f "$csv" ] || $descent data --samples 1000000 --features 19 --out "$csv"
[ -f "$parquet" ] || $descent convert "$csv" "$parquet"
echo "table: $csv ($(stat -c %s "$csv") bytes), $parquet ($(stat -c %s "$parquet") bytes); $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"

# One run under /usr/bin/time -v: "wall s, cpu s, peak MB" then the command's timings (JSON on its last line). Both
# tables are read into the page cache first: the kernel evicts cold file pages here (fincore showed the CSV 56 %
# cached during a series of runs), which would time the disk instead of the reader.
measure() {
  local name=$1; shift
  cat "$csv" "$parquet" > /dev/null
  local log; log=$(mktemp)
  /usr/bin/time -v "$@" > "$log.out" 2> "$log" || { cat "$log"; exit 1; }
  local wall cpu_user cpu_sys rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$log")
  cpu_user=$(awk -F': ' '/User time/ { print $2 }' "$log")
  cpu_sys=$(awk -F': ' '/System time/ { print $2 }' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
  local timings
  timings=$(/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1])); t = d.get("timings", d)
print(" ".join(f"{k}={v:.3f}" for k, v in t.items() if k.endswith("Seconds")))' "$log.out")
  printf "%-22s wall %6.2f s  cpu %6.2f s  peak %5s MB  %s\n" "$name" "$wall" "$(echo "$cpu_user + $cpu_sys" | bc)" "$rss" "$timings"
  rm -f "$log" "$log.out"
}

runs=${RUNS:-3}
for i in $(seq "$runs"); do
  measure "runtime only" $descent train --samples 10 --epochs 1 --no-plots --json --out "$tables/out"
  measure "descent --data csv" $descent train --data "$csv" --loss logloss --epochs 10 --no-plots --json --out "$tables/out"
  if [ -n "$tool" ]; then
    measure "tool: runtime only" "$tool" train --samples 10 --epochs 1 --no-plots --json --out "$tables/out"
    measure "tool: --data csv" "$tool" train --data "$csv" --loss logloss --epochs 10 --no-plots --json --out "$tables/out"
  fi
  measure "descent --data parquet" $descent train --data "$parquet" --loss logloss --epochs 10 --no-plots --json --out "$tables/out"
  if [ -n "$tool" ]; then
    measure "tool: --data parquet" "$tool" train --data "$parquet" --loss logloss --epochs 10 --no-plots --json --out "$tables/out"
  fi
  measure "pandas + numpy" /usr/bin/python3 Tests/Benchmarks/side_by_side_data.py "$csv"
done
