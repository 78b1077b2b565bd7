#!/usr/bin/env bash
# docs/serve.png: the playground (descent serve) in headless Chromium, a state from its URL (moons, a network 8,8 tanh,
# adam, held at an early epoch so the step's arrows show on the landscape). Starts the
# server on a free loopback port and stops it with SIGTERM. Needs a Release build:
#   dotnet build Hybrid.sln -c Release && bash docs/make-serve-picture.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
dotnet Cli.FSharp/bin/Release/net10.0/descent.dll serve --port 0 > "$work/out.txt" 2> "$work/err.txt" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 120); do grep -q 'http://' "$work/out.txt" && break; sleep 0.5; done
url=$(grep -o 'http://[^ ]*' "$work/out.txt")
chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking \
  --user-data-dir="$work/profile" --window-size=1400,1000 --virtual-time-budget=60000 \
  --screenshot="$PWD/docs/serve.png" "${url}?dataset=moons&noise=0.15&samples=600&hidden=8,8&activation=tanh&optimizer=adam&alpha=0.05&validation-fraction=0.2&epochs=150&epoch=6" >/dev/null 2>&1
echo "docs/serve.png"
