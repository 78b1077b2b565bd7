"""Regenerates xor.json with Debian 12's python3-numpy (1.24.2): X and y of Descent's XOR data set (--dataset xor) at
several sizes, noises and seeds, from the numpy lines below, which define it (docs/data.md). Also checks that the
definition reproduces the shared reference table xor_200_n0.05_seed1.csv (samples 200, noise 0.05, seed 1).

Run from this folder with /usr/bin/python3.
"""
import json

import numpy as np


def make_xor(n, noise, seed):
    """Uniform in [-1, 1)^2, class 1 where x0 and x1 have the same sign, then Gaussian noise (noise 0: no draws)."""
    rng = np.random.RandomState(seed)
    X = rng.uniform(-1, 1, (n, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(int)
    if noise > 0:
        X = X + noise * rng.standard_normal((n, 2))
    return X, y


cases = []
for n, noise, seed in [(200, 0.05, 1), (100, 0.0, 0), (7, 0.3, 42), (1000, 0.2, 1), (1001, 0.1, 4294967295)]:
    X, y = make_xor(n, noise, seed)
    cases.append({"samples": n, "noise": noise, "seed": seed, "X": X.tolist(), "y": y.tolist()})
with open("xor.json", "w") as f:
    json.dump(cases, f)

shared = np.loadtxt("xor_200_n0.05_seed1.csv", delimiter=",", skiprows=1)
X, y = make_xor(200, 0.05, 1)
assert np.array_equal(shared[:, :2], X) and np.array_equal(shared[:, 2], y), "xor_200_n0.05_seed1.csv differs"
print("xor.json written; xor_200_n0.05_seed1.csv reproduced exactly")
