"""An independent check of the torch fixtures: recomputes every optimizer, schedule and loss file that
make_torch_fixtures.py makes (the shared ones and the new ones) in plain numpy, from the update formulas of torch 1.13's
torch/optim/*.py (single-tensor code paths, the defaults on CPU) and hand-written gradients (no autograd), and prints
the largest relative difference per file, |a - b| / max(|a|, |b|), over losses, rates and weights (and accuracy and
zero_weights, which must be equal).

    /usr/bin/python3 check_torch_fixtures_numpy.py [DIR]     (default: this folder)

Two things torch 1.13 does that a re-implementation must copy:
- NAdam: mu_product_next = mu_product * mu * mu_next after mu_product *= mu (mu enters twice; later torch fixed it).
- SequentialLR switches to the cosine schedule with its closed form at the milestone; rates agree with the closed
  forms to ~1e-16.
"""
import csv
import json
import math
import os
import sys

import numpy as np
from sklearn.datasets import make_blobs
from sklearn.model_selection import train_test_split

folder = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))


def split(X, y, test_size=0.5, seed=42):
    return train_test_split(np.c_[X, np.ones(len(X))], y, test_size=test_size, random_state=seed)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# --- optimizers: step(i, param, grad) updates param in place; i indexes the group (0 weights, 1 bias) ---------------

class Sgd:
    """torch's SGD: with momentum the buffer v <- mu*v + g and the step -lr*v (Nesterov: -lr*(g + mu*v))."""

    def __init__(self, lr, wd=0.0, momentum=0.0, nesterov=False):
        self.lr, self.wd, self.momentum, self.nesterov, self.buf = lr, wd, momentum, nesterov, {}

    def step(self, i, p, g):
        if self.wd and i == 0:
            g = g + self.wd * p
        if self.momentum:
            v = self.buf[i] = self.buf.get(i, 0) * self.momentum + g
            g = g + self.momentum * v if self.nesterov else v
        p -= self.lr * g


class AdamFamily:
    """What the Adam-like rules share: lr, betas and eps, and per group a step count t and moment buffers."""

    def __init__(self, lr, b1=0.9, b2=0.999, eps=1e-8):
        self.lr, self.b1, self.b2, self.eps, self.s = lr, b1, b2, eps, {}

    def advance(self, i, p, *buffers, **scalars):
        """Group i's state, made at its first step (t 0, the buffers as zeros shaped like p, the scalars as given),
        with its step count t advanced by one."""
        st = self.s.setdefault(i, {"t": 0, **{name: np.zeros_like(p) for name in buffers}, **scalars})
        st["t"] += 1
        return st


class Adam(AdamFamily):
    def __init__(self, lr, wd=0.0, decoupled=False, amsgrad=False, b1=0.9, b2=0.999, eps=1e-8):
        super().__init__(lr, b1, b2, eps)
        self.wd, self.decoupled, self.amsgrad = wd, decoupled, amsgrad

    def step(self, i, p, g):
        st = self.advance(i, p, "m", "v", "vmax")
        t = st["t"]
        if self.wd and i == 0:
            if self.decoupled:
                p *= 1 - self.lr * self.wd
            else:
                g = g + self.wd * p
        st["m"] = st["m"] * self.b1 + (1 - self.b1) * g
        st["v"] = st["v"] * self.b2 + (1 - self.b2) * g * g
        v = st["v"]
        if self.amsgrad:
            st["vmax"] = np.maximum(st["vmax"], v)
            v = st["vmax"]
        denom = np.sqrt(v) / math.sqrt(1 - self.b2 ** t) + self.eps
        p += (-self.lr / (1 - self.b1 ** t)) * st["m"] / denom


class Adamax(AdamFamily):
    def step(self, i, p, g):
        st = self.advance(i, p, "m", "u")
        st["m"] = st["m"] * self.b1 + (1 - self.b1) * g
        st["u"] = np.maximum(st["u"] * self.b2, np.abs(g) + self.eps)
        p += (-self.lr / (1 - self.b1 ** st["t"])) * st["m"] / st["u"]


class RAdam(AdamFamily):
    def step(self, i, p, g):
        st = self.advance(i, p, "m", "v")
        t, b1, b2 = st["t"], self.b1, self.b2
        st["m"] = st["m"] * b1 + (1 - b1) * g
        st["v"] = st["v"] * b2 + (1 - b2) * g * g
        mhat = st["m"] / (1 - b1 ** t)
        rho_inf = 2 / (1 - b2) - 1
        rho_t = rho_inf - 2 * t * b2 ** t / (1 - b2 ** t)
        if rho_t > 5:
            rect = math.sqrt((rho_t - 4) * (rho_t - 2) * rho_inf / ((rho_inf - 4) * (rho_inf - 2) * rho_t))
            p -= mhat * self.lr * (math.sqrt(1 - b2 ** t) / (np.sqrt(st["v"]) + self.eps)) * rect
        else:
            p -= mhat * self.lr


class NAdam(AdamFamily):
    def __init__(self, lr, b1=0.9, b2=0.999, eps=1e-8, md=0.004):
        super().__init__(lr, b1, b2, eps)
        self.md = md

    def step(self, i, p, g):
        st = self.advance(i, p, "m", "v", mu_product=1.0)
        t, b1, b2 = st["t"], self.b1, self.b2
        mu = b1 * (1 - 0.5 * 0.96 ** (t * self.md))
        mu_next = b1 * (1 - 0.5 * 0.96 ** ((t + 1) * self.md))
        st["mu_product"] *= mu
        mu_product_next = st["mu_product"] * mu * mu_next  # torch 1.13 as written
        st["m"] = st["m"] * b1 + (1 - b1) * g
        st["v"] = st["v"] * b2 + (1 - b2) * g * g
        denom = np.sqrt(st["v"] / (1 - b2 ** t)) + self.eps
        p += (-self.lr * (1 - mu) / (1 - st["mu_product"])) * g / denom
        p += (-self.lr * mu_next / (1 - mu_product_next)) * st["m"] / denom


class RMSprop:
    def __init__(self, lr, rho=0.99, eps=1e-8, centered=False, momentum=0.0):
        self.lr, self.rho, self.eps, self.centered, self.momentum, self.s = lr, rho, eps, centered, momentum, {}

    def step(self, i, p, g):
        z = np.zeros_like(p)
        st = self.s.setdefault(i, {"v": z.copy(), "ga": z.copy(), "buf": z.copy()})
        st["v"] = st["v"] * self.rho + (1 - self.rho) * g * g
        if self.centered:
            st["ga"] = st["ga"] * self.rho + (1 - self.rho) * g
            avg = np.sqrt(st["v"] - st["ga"] * st["ga"]) + self.eps
        else:
            avg = np.sqrt(st["v"]) + self.eps
        if self.momentum:
            st["buf"] = st["buf"] * self.momentum + g / avg
            p -= self.lr * st["buf"]
        else:
            p += -self.lr * g / avg


class Adagrad:
    def __init__(self, lr, eps=1e-10):
        self.lr, self.eps, self.s = lr, eps, {}

    def step(self, i, p, g):
        s = self.s.setdefault(i, np.zeros_like(p))
        s += g * g
        p += -self.lr * g / (np.sqrt(s) + self.eps)


class Adadelta:
    def __init__(self, lr, rho=0.9, eps=1e-6):
        self.lr, self.rho, self.eps, self.s = lr, rho, eps, {}

    def step(self, i, p, g):
        st = self.s.setdefault(i, {"sq": np.zeros_like(p), "acc": np.zeros_like(p)})
        st["sq"] = st["sq"] * self.rho + (1 - self.rho) * g * g
        delta = np.sqrt(st["acc"] + self.eps) / np.sqrt(st["sq"] + self.eps) * g
        st["acc"] = st["acc"] * self.rho + (1 - self.rho) * delta * delta
        p -= self.lr * delta


def make_optimizer(s, lr):
    kind = s["optimizer"]
    if kind == "sgd":
        return Sgd(lr, momentum=s.get("momentum", 0.0), nesterov=s.get("nesterov", False))
    if kind == "adam":
        return Adam(lr, wd=s.get("l2", 0.0), amsgrad=s.get("amsgrad", False))
    if kind == "adamw":
        return Adam(lr, wd=s.get("weight_decay", 0.01), decoupled=True, amsgrad=s.get("amsgrad", False))
    if kind == "adamax":
        return Adamax(lr)
    if kind == "radam":
        return RAdam(lr)
    if kind == "nadam":
        return NAdam(lr)
    if kind == "rmsprop":
        return RMSprop(lr, centered=s.get("centered", False), momentum=s.get("momentum", 0.0))
    if kind == "adagrad":
        return Adagrad(lr)
    if kind == "adadelta":
        return Adadelta(lr)
    raise ValueError(kind)


def rate_schedule(s):
    """Closed forms of the per-epoch rate; plateau is handled in the loop."""
    a, sch = s["alpha"], s.get("schedule", {"kind": "constant"})
    k = sch["kind"]
    if k == "cosine":
        return lambda e: a * (1 + math.cos(math.pi * e / sch["t_max"])) / 2
    if k == "exponential":
        return lambda e: a * sch["gamma"] ** e
    if k == "warmup_cosine":
        w, f0 = sch["warmup"], sch["start_factor"]
        return lambda e: a * (f0 + (1 - f0) * e / w) if e < w else a * (1 + math.cos(math.pi * (e - w) / sch["t_max"])) / 2
    return lambda e: a


def check_optimizer(s):
    trX, teX, trY, teY = split(*make_blobs(n_samples=1000, n_features=2, centers=2,
                                           cluster_std=s.get("cluster_std", 1.5), random_state=1))
    Y = trY.reshape(-1, 1).astype(float)
    W = np.random.RandomState(s["init_seed"]).randn(3, 1)
    opt = make_optimizer(s, s["alpha"])
    sch, rate = s.get("schedule", {}), rate_schedule(s)
    lr, best, bad = s["alpha"], math.inf, 0
    size = s.get("batch_size") or len(trX)
    l2 = s.get("l2", 0.0)
    losses, rates = [], []
    for e in range(s["epochs"]):
        if sch.get("kind") != "plateau":
            lr = rate(e)
        opt.lr = lr
        rates.append(lr)
        epoch = []
        for lo in range(0, len(trX), size):
            bx, by = trX[lo:lo + size], Y[lo:lo + size]
            z = bx @ W
            p = sigmoid(z)
            if s["loss"] == "sse":
                err = p - by
                loss, g = np.sum(err ** 2), bx.T @ (err * p * (1 - p))
            else:
                loss = np.sum(np.logaddexp(0, z) - by * z)
                g = bx.T @ (p - by)
            epoch.append(loss + 0.5 * l2 * np.sum(W[:2] ** 2))
            if "clip_grad_norm" in s:
                norm = math.sqrt(np.linalg.norm(g[:2]) ** 2 + np.linalg.norm(g[2:]) ** 2)
                g = g * min(s["clip_grad_norm"] / (norm + 1e-6), 1.0)
            w, b = W[:2], W[2:]  # views: the optimizer updates W in place
            opt.step(0, w, g[:2])
            opt.step(1, b, g[2:])
        losses.append(float(np.mean(epoch)))
        if sch.get("kind") == "plateau":
            # ReduceLROnPlateau, mode min, threshold 1e-4 relative, no cooldown.
            if losses[-1] < best * (1 - 1e-4):
                best, bad = losses[-1], 0
            else:
                bad += 1
            if bad > sch["patience"]:
                lr, bad = lr * sch["factor"], 0
    acc = float(np.mean((sigmoid(teX @ W) > 0.5).astype(int).ravel() == teY))
    return {"losses": losses, "rates": rates, "weights": W.ravel().tolist(), "accuracy": acc}


def dloss(kind, m):
    """Loss and its derivative with respect to the margin m = t*z (0 at a kink)."""
    h = np.maximum(0, 1 - m)
    if kind == "hinge":
        return h, -(m < 1).astype(float)
    if kind == "squared-hinge":
        return h ** 2, -2 * h
    if kind == "modified-huber":
        return np.where(m >= -1, h ** 2, -4 * m), np.where(m >= -1, -2 * h, -4.0)
    if kind == "perceptron":
        return np.maximum(0, -m), -(m < 0).astype(float)
    raise ValueError(kind)


def check_model(s):
    if "csv" in s:
        with open(os.path.join(folder, s["csv"])) as f:
            rows = list(csv.reader(f))[1:]
        X, y = np.array([[float(v) for v in r[:-1]] for r in rows]), np.array([int(r[-1]) for r in rows])
    else:
        bl = s["blobs"]
        X, y = make_blobs(n_samples=bl["samples"], n_features=bl["features"], centers=bl["centers"],
                          cluster_std=bl["std"], random_state=bl["seed"])
    trX, teX, trY, teY = split(X, y, s.get("test_size", 0.5), s.get("split_seed", 42))
    C, K, kind, a = int(y.max()) + 1, s["outputs"], s["loss"], s["alpha"]
    if "elastic_net" in s:
        l1, l2 = s["elastic_net"] * s["l1_ratio"], s["elastic_net"] * (1 - s["l1_ratio"])
    else:
        l1, l2 = s.get("l1", 0.0), s.get("l2", 0.0)
    W = np.random.RandomState(s["init_seed"]).randn(trX.shape[1], K)
    rw = len(trY) / (C * np.bincount(trY, minlength=C)[trY]) if s.get("class_weight") == "balanced" else np.ones(len(trY))
    size = s.get("batch_size") or len(trX)
    losses = []
    for _ in range(s["epochs"]):
        epoch = []
        for lo in range(0, len(trX), size):
            bx, by, bw = trX[lo:lo + size], trY[lo:lo + size], rw[lo:lo + size]
            z = bx @ W
            onehot = np.eye(K)[by] if K > 1 else None
            if kind == "softmax":
                zs = z - z.max(1, keepdims=True)
                logp = zs - np.log(np.exp(zs).sum(1, keepdims=True))
                per_row, dz = -logp[np.arange(len(by)), by], np.exp(logp) - onehot
            elif K == 1 or s.get("multi_class") == "ovr":
                t = (2 * by - 1).reshape(-1, 1).astype(float) if K == 1 else 2 * onehot - 1
                L, dm = dloss(kind, t * z)
                per_row, dz = L.sum(1), dm * t
            else:  # Weston-Watkins
                mg = z - z[np.arange(len(by)), by][:, None] + 1
                active = (mg > 0) & (onehot == 0)
                per_row = np.where(active, mg, 0).sum(1)
                dz = active.astype(float)
                dz[np.arange(len(by)), by] = -active.sum(1)
            epoch.append(np.sum(per_row * bw) + l1 * np.abs(W[:-1]).sum() + 0.5 * l2 * np.sum(W[:-1] ** 2))
            g = bx.T @ (dz * bw[:, None])
            g[:-1] += l2 * W[:-1]
            W -= a * g
            W[:-1] = np.sign(W[:-1]) * np.maximum(np.abs(W[:-1]) - a * l1, 0)
        losses.append(float(np.mean(epoch)))
    sc = teX @ W
    pred = (sc[:, 0] > 0).astype(int) if K == 1 else sc.argmax(1)
    return {"losses": losses, "weights": W.tolist(), "accuracy": float(np.mean(pred == teY)),
            "zero_weights": int((W[:-1] == 0).sum())}


def rel(a, b):
    a, b = np.asarray(a, float).ravel(), np.asarray(b, float).ravel()
    scale = np.maximum(np.abs(a), np.abs(b))
    return float(np.max(np.where(scale == 0, 0, np.abs(a - b) / np.where(scale == 0, 1, scale))))


worst = 0.0
for name in sorted(os.listdir(folder)):
    if not name.endswith(".json"):
        continue
    s = json.load(open(os.path.join(folder, name)))
    # Trajectories only: torch_update_rules.json (single steps, no losses) is the core tests' own check.
    if not isinstance(s, dict) or "losses" not in s or not str(s.get("made_with")).startswith("torch"):
        continue
    mine = check_model(s) if "outputs" in s else check_optimizer(s)
    diffs = {k: rel(s[k], mine[k]) for k in ("losses", "rates", "weights") if k in mine and k in s}
    exact = all(s[k] == mine[k] for k in ("accuracy", "zero_weights") if k in mine)
    worst = max([worst, *diffs.values()])
    print(f"{name:48s} " + "  ".join(f"{k} {v:.2e}" for k, v in diffs.items()) +
          ("" if exact else f"  MISMATCH accuracy {s['accuracy']} vs {mine['accuracy']}"))
print(f"worst max rel diff {worst:.3e}")
