"""A network's training epoch in Descent's C# core beside PyTorch 1.13 (2 threads) and scikit-learn's MLPClassifier
(one partial_fit epoch), and numpy's (OpenBLAS's) 2048^2 float64 product rate, in turns so all see the same load.

    dotnet build Tests/Benchmarks -c Release
    /usr/bin/python3 Tests/Benchmarks/torch/network_side_by_side.py [--network digits|large] [--rounds 3]

digits: scikit-learn's 8x8 digits (1797 x 64, /16) -> 32-16 -> 10, batches of 32; large: 200,000 x 64 N(0,1) ->
128-128 -> 10, batches of 256. relu, softmax (cross-entropy summed over the batch), Adam lr 1e-3, float64, batches
consecutive, in order. Descent's epochs come from the Benchmarks project's --network-epochs mode (same shapes, random
rows: an epoch's time does not depend on the values), on 2 threads. Per round each contender reports the median of its
epochs; the table shows the median over rounds, with the lowest and highest, then the CPU seconds the process
spent per epoch (on a loaded machine the wall clock mostly measures the share of the cores a process got).
"""
import argparse
import json
import os
import statistics
import subprocess
import time
import warnings

import numpy as np
import torch
from sklearn.datasets import load_digits
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.normpath(os.path.join(here, "..", "..", ".."))
bench = os.path.join(root, "Tests", "Benchmarks", "bin", "Release", "net10.0", "Benchmarks")

parser = argparse.ArgumentParser()
parser.add_argument("--network", choices=["digits", "large"], default="digits")
parser.add_argument("--rounds", type=int, default=3)
parser.add_argument("--epochs", type=int, help="timed epochs per contender and round (default: digits 10, large 2)")
parser.add_argument("--without-torch", action="store_true",
                    help="leave torch out (its large epoch takes minutes on a loaded machine); its ratios print as n/a")
args = parser.parse_args()
warnings.filterwarnings("ignore", category=ConvergenceWarning)
torch.set_num_threads(2)
torch.set_default_dtype(torch.float64)

if args.network == "digits":
    X, y = load_digits(return_X_y=True)
    X = X / 16.0
    hidden, batch, epochs = (32, 16), 32, args.epochs or 10
else:
    rng = np.random.RandomState(0)
    X, y = rng.randn(200_000, 64), rng.randint(0, 10, 200_000)
    hidden, batch, epochs = (128, 128), 256, args.epochs or 2


def median_epoch(run_epoch, count):
    """The median wall-clock seconds of an epoch and the median CPU seconds of the process over it."""
    run_epoch()
    times, cpu = [], []
    for _ in range(count):
        start, cpu_start = time.perf_counter(), time.process_time()
        run_epoch()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(times), statistics.median(cpu)


def torch_epoch():
    layers, sizes = [], (64,) + hidden
    for a, b in zip(sizes, sizes[1:]):
        layers += [torch.nn.Linear(a, b), torch.nn.ReLU()]
    model = torch.nn.Sequential(*layers, torch.nn.Linear(sizes[-1], 10))
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    tx, ty = torch.tensor(X), torch.tensor(y)

    def epoch():
        for lo in range(0, len(tx), batch):
            opt.zero_grad()
            loss = torch.nn.functional.cross_entropy(model(tx[lo:lo + batch]), ty[lo:lo + batch], reduction="sum")
            loss.backward()
            opt.step()
    return median_epoch(epoch, epochs)


def sklearn_epoch():
    model = MLPClassifier(hidden_layer_sizes=hidden, activation="relu", solver="adam", batch_size=batch,
                          learning_rate_init=1e-3, shuffle=False, random_state=0)
    classes = np.arange(10)
    return median_epoch(lambda: model.partial_fit(X, y, classes=classes), epochs)


def descent_epoch():
    out = subprocess.run([bench, "--network-epochs", args.network, str(epochs), "2", str(batch)], check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out)
    return result["median"], result["cpuMedian"]


def numpy_gflops():
    a, b = np.random.randn(2048, 2048), np.random.randn(2048, 2048)
    a @ b
    times = []
    for _ in range(3):
        start = time.perf_counter()
        a @ b
        times.append(time.perf_counter() - start)
    return 2 * 2048 ** 3 / statistics.median(times) / 1e9


def flops_per_epoch():
    sizes = (64,) + hidden + (10,)
    total = 0
    for l, (a, b) in enumerate(zip(sizes, sizes[1:])):
        # multiply-adds per row: forward, weight gradient, and the input's gradient below the first layer
        total += 2 * (a + 1) * b + (a * b if l > 0 else 0)
    return 2 * total * len(X)


results = {"descent": [], "torch": [], "sklearn": [], "numpy": []}
cpu = {"descent": [], "torch": [], "sklearn": []}
for r in range(args.rounds):
    for name, measure in (("descent", descent_epoch), ("torch", torch_epoch), ("sklearn", sklearn_epoch),
                          ("numpy", numpy_gflops)):
        if name == "torch" and args.without_torch:
            continue
        value = measure()
        if name != "numpy":
            value, cpu_seconds = value
            cpu[name].append(cpu_seconds)
        results[name].append(value)
        print(f"round {r + 1}: {name} {value:.6g}" + (f" (CPU {cpu[name][-1]:.6g} s)" if name in cpu else ""), flush=True)


def summary(values):
    return statistics.median(values), min(values), max(values)


if args.without_torch:
    results["torch"], cpu["torch"] = [float("nan")], [float("nan")]
d, t, s = (summary(results[k]) for k in ("descent", "torch", "sklearn"))
n = summary(results["numpy"])
print(f"{args.network}: {len(X)} x 64 -> {'-'.join(map(str, hidden))} -> 10, batches of {batch}, Adam, float64, "
      f"median (min-max) of {args.rounds} rounds")
print(f"Descent  {d[0] * 1e3:9.2f} ms ({d[1] * 1e3:.2f}-{d[2] * 1e3:.2f})  {flops_per_epoch() / d[0] / 1e9:6.1f} GFLOP/s")
print(f"torch    {t[0] * 1e3:9.2f} ms ({t[1] * 1e3:.2f}-{t[2] * 1e3:.2f})  {t[0] / d[0]:6.1f}x Descent's time")
print(f"sklearn  {s[0] * 1e3:9.2f} ms ({s[1] * 1e3:.2f}-{s[2] * 1e3:.2f})  {s[0] / d[0]:6.1f}x Descent's time")
print(f"numpy 2048^2 float64 product: {n[0]:.1f} GFLOP/s ({n[1]:.1f}-{n[2]:.1f}); Descent's epoch at "
      f"{flops_per_epoch() / d[0] / 1e9 / n[0] * 100:.0f} % of it")
c = {k: statistics.median(v) for k, v in cpu.items()}
print(f"CPU seconds per epoch (all the process's threads): Descent {c['descent'] * 1e3:.2f} ms, torch "
      f"{c['torch'] * 1e3:.2f} ms ({c['torch'] / c['descent']:.1f}x), sklearn {c['sklearn'] * 1e3:.2f} ms "
      f"({c['sklearn'] / c['descent']:.1f}x)")
print(json.dumps({"wall": results, "cpu": cpu}))
