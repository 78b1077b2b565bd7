"""Compares two folders of JSON fixtures number by number and prints, per file, whether the bytes are identical and
the largest relative difference over all numbers, |a - b| / max(|a|, |b|) (0 where both are 0), and the key where it
occurs. Structures must match exactly (same keys, same lengths, same non-numeric values).

    /usr/bin/python3 compare_fixtures.py DIR_A DIR_B [FILE ...]     (default: the JSON files both folders hold)
"""
import json
import os
import sys


def walk(a, b, path, out):
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) or not isinstance(b, (int, float)):
        if type(a) != type(b):
            raise ValueError(f"{path}: {type(a).__name__} vs {type(b).__name__}")
        if isinstance(a, dict):
            if list(a) != list(b):
                raise ValueError(f"{path}: keys {list(a)} vs {list(b)}")
            for k in a:
                walk(a[k], b[k], f"{path}.{k}", out)
        elif isinstance(a, list):
            if len(a) != len(b):
                raise ValueError(f"{path}: length {len(a)} vs {len(b)}")
            for i, (x, y) in enumerate(zip(a, b)):
                walk(x, y, f"{path}[{i}]", out)
        elif a != b:
            raise ValueError(f"{path}: {a!r} vs {b!r}")
        return
    scale = max(abs(a), abs(b))
    rel = 0.0 if scale == 0 else abs(a - b) / scale
    if rel > out[0]:
        out[0], out[1] = rel, path


def main():
    left, right, *names = sys.argv[1:]
    if not names:
        names = sorted(n for n in os.listdir(left) if n.endswith(".json") and os.path.exists(os.path.join(right, n)))
    worst = 0.0
    for name in names:
        pa, pb = os.path.join(left, name), os.path.join(right, name)
        same = open(pa, "rb").read() == open(pb, "rb").read()
        out = [0.0, ""]
        a, b = json.load(open(pa)), json.load(open(pb))
        # Provenance strings may differ between runs; everything else must match.
        for d in (a, b):
            if isinstance(d, dict):
                d.pop("made_with", None)
        walk(a, b, "", out)
        worst = max(worst, out[0])
        print(f"{name:48s} {'bytes identical' if same else 'bytes differ   '}  max rel diff {out[0]:.3e} {out[1]}")
    print(f"worst max rel diff {worst:.3e}")


main()
