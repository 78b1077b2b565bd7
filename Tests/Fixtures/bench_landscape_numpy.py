"""numpy's side of the landscape timing (issue 14): the SSE loss surface of the lesson's sigmoid unit over a grid of
weight vectors, evaluated the vectorised numpy way, for a side-by-side figure with Descent's batched grid kernel.

For a G x G grid (default 201 x 201) of weight vectors W = (w0, w1, bias) with w0, w1 on linspace(lo, hi, G) and the
bias fixed, on the lesson's 500 training rows (make_blobs(1000, 2 features, 2 centers, cluster_std=1.5,
random_state=1), bias column last, train_test_split(test_size=0.5, random_state=42)):

    Z = X @ Wgrid                       (500 x G^2, one BLAS dgemm)
    loss_j = sum_i (sigmoid(Z_ij) - y_i)^2

One warm-up run, then --runs timed runs (time.perf_counter, wall clock); prints the median seconds of the whole
evaluation and of its two halves, which BLAS library is loaded, and a checksum of the surface (its minimum and where
it lies) so that the .NET figure can be checked to compute the same thing.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 bench_landscape_numpy.py [--grid 201] [--runs 9]
"""
import argparse
import statistics
import time

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--grid", type=int, default=201)
parser.add_argument("--runs", type=int, default=9)
parser.add_argument("--lo", type=float, default=-3.0)
parser.add_argument("--hi", type=float, default=3.0)
parser.add_argument("--bias", type=float, default=0.0)
args = parser.parse_args()

X, y = make_blobs(n_samples=1000, n_features=2, centers=2, cluster_std=1.5, random_state=1)
Xb = np.c_[X, np.ones(len(X))]
trainX, _, trainY, _ = train_test_split(Xb, y.astype(float), test_size=0.5, random_state=42)

axis = np.linspace(args.lo, args.hi, args.grid)
w0, w1 = np.meshgrid(axis, axis, indexing="ij")
Wgrid = np.vstack([w0.ravel(), w1.ravel(), np.full(w0.size, args.bias)])  # 3 x G^2, one column per weight vector


def scores():
    return trainX @ Wgrid


def sse(Z):
    E = 1.0 / (1.0 + np.exp(-Z)) - trainY[:, None]
    return np.einsum("ij,ij->j", E, E)


def timed(f, *a):
    t = time.perf_counter()
    r = f(*a)
    return time.perf_counter() - t, r


def blas_libraries():
    """The BLAS libraries this process has mapped (numpy's show_config names only 'blas'); on Debian 12 without
    libopenblas0, /usr/lib/x86_64-linux-gnu/blas/libblas.so.3 is libblas3, the reference (netlib) BLAS, one thread,
    and the OPENBLAS_* variables have no effect."""
    with open("/proc/self/maps") as f:
        paths = {line.split()[-1] for line in f}
    names = ("libblas", "libopenblas", "libmkl", "libblis", "libatlas", "libcblas")
    return sorted(p for p in paths if p.startswith("/") and any(n in p.rsplit("/", 1)[-1] for n in names))


sse(scores())  # warm-up: page in the 500 x G^2 buffers
whole, matmul, loss = [], [], []
for _ in range(args.runs):
    t0 = time.perf_counter()
    tz, Z = timed(scores)
    tl, L = timed(sse, Z)
    whole.append(time.perf_counter() - t0)
    matmul.append(tz)
    loss.append(tl)

best = int(np.argmin(L))
print(f"numpy {np.__version__}; BLAS: {', '.join(blas_libraries()) or 'none mapped'}")
print(f"grid {args.grid}x{args.grid} = {Wgrid.shape[1]} weight vectors, {trainX.shape[0]} rows, bias {args.bias}, "
      f"w0, w1 in [{args.lo}, {args.hi}]")
print(f"median of {args.runs} runs: total {statistics.median(whole):.4f} s "
      f"(X @ Wgrid {statistics.median(matmul):.4f} s, sigmoid + SSE {statistics.median(loss):.4f} s); "
      f"min {min(whole):.4f} s, max {max(whole):.4f} s")
print(f"checksum: min loss {L[best]!r} at w0 {Wgrid[0, best]!r}, w1 {Wgrid[1, best]!r}; sum {L.sum()!r}")
