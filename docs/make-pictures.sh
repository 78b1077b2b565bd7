#!/usr/bin/env bash
# Renders the real pages of descent landscape, train (data.html's replay) and lr-find to PNG with headless Chromium,
# offline (the pages load the plotly.js descent writes beside them; every host name fails to resolve), into docs/ for
# the README and the docs pages. Needs a Release build:
#   dotnet build Hybrid.sln -c Release && bash docs/make-pictures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
descent() { dotnet Cli.FSharp/bin/Release/net10.0/descent.dll "$@"; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

descent landscape --compare sgd,momentum,nesterov,adam:0.1 --out "$work/landscape" >/dev/null
descent train --epochs 60 --out "$work/train" >/dev/null
descent lr-find --optimizer sgd --batch-size 32 --out "$work/lr-find" >/dev/null

shot() { # page, png, width, height: the window is the page's widest plot plus the body's margins
  chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --disable-background-networking \
    --host-resolver-rules="MAP * ~NOTFOUND" \
    --user-data-dir="$work/profile" --window-size="$3,$4" --virtual-time-budget=10000 \
    --screenshot="$PWD/docs/$2" "file://$1" >/dev/null 2>&1
  echo "docs/$2"
}
shot "$work/landscape/landscape.html" landscape.png 1216 680
shot "$work/landscape/landscape-3d.html" landscape-3d.png 1016 820
shot "$work/train/data.html" replay.png 1216 640
shot "$work/lr-find/lr-find.html" lr-find.png 1016 570
