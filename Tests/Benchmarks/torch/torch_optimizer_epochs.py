"""PyTorch 1.13 on CPU running the loop `descent bench` times: one epoch over consecutive mini-batches of 32 rows of a
ROWS x 33 float64 matrix (32 features and the bias column), the lesson's squared-error sigmoid unit, one optimizer step
per batch. The gradient is written into W.grad by hand (no autograd), as Descent computes it, so the loop is the
optimizer's and the batch's work only. Prints the median and minimum of the timed epochs for every rule, in seconds.

    /usr/bin/python3 Tests/Benchmarks/torch/torch_optimizer_epochs.py [--rows 100000] [--epochs 5] [--threads 1]

Debian 12's python3-torch (torch 1.13.0a0); `apt-get install -y python3-torch`.
"""
import argparse
import json
import platform
import statistics
import time

import numpy as np
import torch

parser = argparse.ArgumentParser()
parser.add_argument("--rows", type=int, default=100_000)
parser.add_argument("--columns", type=int, default=33)
parser.add_argument("--batch-size", type=int, default=32)
parser.add_argument("--epochs", type=int, default=5, help="timed epochs per rule, after one warm-up epoch")
parser.add_argument("--threads", type=int, default=1)
parser.add_argument("--json", action="store_true")
args = parser.parse_args()
torch.set_num_threads(args.threads)

rng = np.random.RandomState(0)
X = torch.from_numpy(np.c_[rng.randn(args.rows, args.columns - 1), np.ones(args.rows)])
Y = torch.from_numpy((rng.random_sample((args.rows, 1)) > 0.5).astype(np.float64))

rules = {
    "sgd": lambda p: torch.optim.SGD(p, lr=0.01),
    "adagrad": lambda p: torch.optim.Adagrad(p, lr=0.01),
    "rmsprop": lambda p: torch.optim.RMSprop(p, lr=0.01),
    "adam": lambda p: torch.optim.Adam(p, lr=0.01),
    "adamw": lambda p: torch.optim.AdamW(p, lr=0.01),
    "nadam": lambda p: torch.optim.NAdam(p, lr=0.01),
    "radam": lambda p: torch.optim.RAdam(p, lr=0.01),
    "adamax": lambda p: torch.optim.Adamax(p, lr=0.01),
    "adadelta": lambda p: torch.optim.Adadelta(p, lr=1.0),
}


def epoch(W, opt):
    b = args.batch_size
    for lo in range(0, args.rows, b):
        bx, by = X[lo:lo + b], Y[lo:lo + b]
        with torch.no_grad():
            p = torch.sigmoid(bx @ W)
            W.grad = bx.T @ ((p - by) * p * (1 - p))
        opt.step()


results = {}
for name, make in rules.items():
    W = torch.zeros(args.columns, 1, dtype=torch.float64, requires_grad=True)
    opt = make([W])
    epoch(W, opt)  # warm-up
    times = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        epoch(W, opt)
        times.append(time.perf_counter() - start)
    results[name] = {"median": statistics.median(times), "min": min(times)}

if args.json:
    print(json.dumps({"torch": torch.__version__, "rows": args.rows, "columns": args.columns, "batchSize": args.batch_size,
                      "threads": args.threads, "results": results}))
else:
    print(f"torch {torch.__version__}, {platform.processor() or platform.machine()}, {args.threads} thread(s), "
          f"{args.rows}x{args.columns} float64, batches of {args.batch_size}, {args.epochs} timed epochs")
    for name, r in results.items():
        print(f"{name:10s} epoch median {r['median']:.4f} s   min {r['min']:.4f} s")
