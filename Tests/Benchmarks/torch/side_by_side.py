"""Every rule's epoch in Descent (`descent bench --optimizer NAME`) beside PyTorch 1.13 running the same loop
(torch_optimizer_epochs.py), measured in turns, rule by rule, so both see the same machine load: ROUNDS rounds, and per
rule the lowest of each round's median epoch. Batches of 32 consecutive rows of ROWS x 33 float64, one thread each.

    dotnet build Hybrid.sln -c Release
    /usr/bin/python3 Tests/Benchmarks/torch/side_by_side.py [--rows 100000] [--rounds 3]
"""
import argparse
import json
import os
import subprocess

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", ".."))
descent = os.path.join(root, "Cli.FSharp", "bin", "Release", "net10.0", "descent")

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=100_000)
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--torch-epochs", type=int, default=3)
args = parser.parse_args()
rules = ["sgd", "adagrad", "rmsprop", "adam", "adamw", "nadam", "radam", "adamax", "adadelta"]


def descent_epoch(rule):
    out = subprocess.run([descent, "bench", "--optimizer", rule, "--sizes", f"{args.rows}x33", "--batch-size", "32",
                          "--threads", "1", "--epochs", "10", "--json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["results"][0]["epochSeconds"]["median"]


def torch_epoch(rule):
    out = subprocess.run(["/usr/bin/python3", os.path.join(here, "torch_optimizer_epochs.py"), "--rows", str(args.rows),
                          "--epochs", str(args.torch_epochs), "--threads", "1", "--rules", rule, "--json"],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["results"][rule]["median"]


best = {r: [float("inf"), float("inf")] for r in rules}
for _ in range(args.rounds):
    for r in rules:
        best[r][0] = min(best[r][0], descent_epoch(r))
        best[r][1] = min(best[r][1], torch_epoch(r))

print(f"{args.rows}x33 float64, batches of 32, one thread, lowest median of {args.rounds} rounds")
print(f"{'rule':10s} {'Descent':>10s} {'torch 1.13':>11s} {'torch/Descent':>14s} {'Descent/sgd':>12s}")
for r in rules:
    d, t = best[r]
    print(f"{r:10s} {d * 1e3:8.2f} ms {t:9.3f} s {t / d:13.0f}x {d / best['sgd'][0]:11.2f}x")
