"""Regenerates the lesson's fixtures with Debian 12's python3-numpy (1.24.2) and python3-sklearn (1.2.1):
rng_seed0.json, rng_seed42.json (numpy's RandomState streams), blobs_1000_seed1.json (the lesson's data and split),
gd_seed_default_init0.json (the lesson's gd.py) and the three sgd_b32_*.json (the lesson's sgd.py, plain, momentum,
Nesterov).

Run from this folder with /usr/bin/python3; `--out DIR` writes elsewhere (to compare with the committed files).
The data and the permutations are bit for bit numpy's; the trajectories agree with an independent implementation
to about 1e-12 relative (BLAS dot products and pairwise sums are not reproducible bit for bit everywhere).
"""
import argparse
import json
import math
import os

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split

parser = argparse.ArgumentParser()
parser.add_argument("--out", default=".")
out = parser.parse_args().out


def dump(name, obj):
    # Compact, no trailing newline: the form the committed files have.
    with open(os.path.join(out, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


# Each list from a fresh RandomState(seed), so a test can check any one stream on its own.
for seed in (0, 42):
    def fresh():
        return np.random.RandomState(seed)
    dump(f"rng_seed{seed}.json", {
        "seed": seed,
        "random_sample": fresh().random_sample(8).tolist(),
        "randn": fresh().randn(8).tolist(),
        "uniform_-10_10": fresh().uniform(-10, 10, 8).tolist(),
        "permutation_10": fresh().permutation(10).tolist(),
        "permutation_1000_first20": fresh().permutation(1000)[:20].tolist(),
    })

# The lesson's data: two blobs, the bias column appended last (Descent's layout; the lesson prepends it).
N, STD, DATA_SEED, SPLIT_SEED, TEST_SIZE = 1000, 1.5, 1, 42, 0.5
X, y = make_blobs(n_samples=N, n_features=2, centers=2, cluster_std=STD, random_state=DATA_SEED)
# train_test_split's ShuffleSplit: permutation of RandomState(42), the first ceil(test_size*n) rows are the test set.
perm = np.random.RandomState(SPLIT_SEED).permutation(N)
n_test = math.ceil(TEST_SIZE * N)
dump("blobs_1000_seed1.json", {
    "samples": N, "features": 2, "centers": 2, "cluster_std": STD, "data_seed": DATA_SEED,
    "test_size": TEST_SIZE, "split_seed": SPLIT_SEED, "X": X.tolist(), "y": y.tolist(),
    "test_indices": perm[:n_test].tolist(), "train_indices": perm[n_test:].tolist(),
})

Xb = np.c_[X, np.ones((X.shape[0]))]
trainX, testX, trainY, testY = train_test_split(Xb, y.reshape(-1, 1), test_size=TEST_SIZE, random_state=SPLIT_SEED)
assert (trainX == Xb[perm[n_test:]]).all() and (testX == Xb[perm[:n_test]]).all()


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


def predict(W):
    return (sigmoid(testX.dot(W)) > 0.5).astype(int)


def initial_weights():
    np.random.seed(0)
    return np.random.randn(X.shape[1] + 1, 1)


# gd.py: the whole training set per step, loss = sum of squared errors before the update.
W = initial_weights()
W0 = W.copy()
alpha, epochs = 0.01, 100
losses = []
for _ in range(epochs):
    p = sigmoid(trainX.dot(W))
    error = p - trainY
    losses.append(float(np.sum(error ** 2)))
    W += -alpha * trainX.T.dot(error * p * (1 - p))
dump("gd_seed_default_init0.json", {
    "samples": N, "cluster_std": STD, "data_seed": DATA_SEED, "split_seed": SPLIT_SEED, "test_size": TEST_SIZE,
    "init_seed": 0, "epochs": epochs, "alpha": alpha,
    "initial_weights": W0.ravel().tolist(), "losses": losses, "weights": W.ravel().tolist(),
    "report": classification_report(testY, predict(W), output_dict=True),
})


# sgd.py: batches of 32 consecutive training rows in order, one update per batch, epoch loss = mean of the
# per-batch sums of squared errors; momentum v = m*v - alpha*g; W += v, Nesterov W += m*v - alpha*g.
def sgd(name, alpha, momentum, nesterov, batch_size=32, epochs=100):
    W = initial_weights()
    W0 = W.copy()
    v = np.zeros_like(W)
    losses = []
    for _ in range(epochs):
        epoch_loss = []
        for i in range(0, trainX.shape[0], batch_size):
            bx, by = trainX[i:i + batch_size], trainY[i:i + batch_size]
            p = sigmoid(bx.dot(W))
            error = p - by
            epoch_loss.append(np.sum(error ** 2))
            g = bx.T.dot(error * p * (1 - p))
            if momentum == 0:
                W += -alpha * g
            else:
                v = momentum * v - alpha * g
                W += (momentum * v - alpha * g) if nesterov else v
        losses.append(float(np.average(epoch_loss)))
    dump(name, {
        "samples": N, "init_seed": 0, "epochs": epochs, "alpha": alpha, "batch_size": batch_size,
        "momentum": momentum, "nesterov": nesterov,
        "initial_weights": W0.ravel().tolist(), "losses": losses, "weights": W.ravel().tolist(),
        "accuracy": float(np.mean(predict(W) == testY)),
    })


sgd("sgd_b32_init0.json", 0.01, 0.0, False)
sgd("sgd_b32_m0.9_init0.json", 0.001, 0.9, False)
sgd("sgd_b32_nesterov0.9_init0.json", 0.001, 0.9, True)
