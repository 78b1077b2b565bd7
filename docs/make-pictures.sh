#!/usr/bin/env bash
# Renders the real pages of descent landscape, train (data.html's replay) and lr-find to PNG with headless Chromium,
# plotly.js 2.35.3 inlined (.ci/fetch-plotly), into docs/ for the README and the docs pages. Needs a Release build:
#   dotnet build Hybrid.sln -c Release && bash docs/make-pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/fetch-plotly >/dev/null
js="$PWD/.cache/plotly.js-dist-min-2.35.3/plotly.min.js"
descent() { dotnet Cli.FSharp/bin/Release/net10.0/descent.dll "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

descent landscape --compare sgd,momentum,nesterov,adam:0.1 --plotly-js "$js" --out "$work/landscape" >/dev/null
descent train --epochs 60 --plotly-js "$js" --out "$work/train" >/dev/null
descent train --dataset moons --noise 0.2 --hidden 16 --activation tanh --optimizer adam --alpha 0.01 --epochs 300 --plotly-js "$js" --out "$work/regions" >/dev/null
descent landscape --dataset moons --noise 0.2 --hidden 16 --activation tanh --optimizer adam --alpha 0.01 --epochs 300 --directions pca --compare momentum:0.05 --resolution 61 --plotly-js "$js" --out "$work/landscape-network" >/dev/null
descent lr-find --optimizer sgd --batch-size 32 --plotly-js "$js" --out "$work/lr-find" >/dev/null

shot() { # page, png, width, height
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking \
    --user-data-dir="$work/profile" --window-size="$3,$4" --virtual-time-budget=10000 \
    --screenshot="$PWD/docs/$2" "file://$1" >/dev/null 2>&1
  echo "docs/$2"
}
shot "$work/landscape/landscape.html" landscape.png 1320 680
shot "$work/landscape/landscape-3d.html" landscape-3d.png 1020 820
shot "$work/train/data.html" replay.png 1220 640
shot "$work/lr-find/lr-find.html" lr-find.png 1020 570
shot "$work/regions/data.html" regions.png 1200 640
shot "$work/landscape-network/landscape.html" landscape-network.png 1200 680
