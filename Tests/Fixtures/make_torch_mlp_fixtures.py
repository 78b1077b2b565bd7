"""Reproduces the shared network references (hidden layers) with PyTorch 1.13 (Debian 12's python3-torch), numpy 1.24.2
and scikit-learn 1.2.1, and makes more of the same kind: other optimizers (Adam, RMSprop, Adagrad, AdamW, SGD), the loss
families (softmax, the binary and multi-class hinge, sse, logloss), L2 and L1 on the non-bias rows, and float32.

    /usr/bin/python3 make_torch_mlp_fixtures.py [--out DIR] [--only shared|new]

The recipe (shared/reference/README.md, "Networks with hidden layers"):
- data: the CSV named in `csv` (columns x0, x1, label), or make_blobs as given in `blobs` (also written as a CSV,
  blobs_600_c3_std1_seed2.csv, so that a test needs no make_blobs); the bias column appended last;
  train_test_split(test_size=0.5, random_state=42).
- layers: n_0 = features, the hidden widths, K outputs (classes for softmax and the multi-class hinge, else 1). Layer l
  holds W_l of (n_{l-1} + 1) x n_l, its bias row last; W_l = randn(n_{l-1} + 1, n_l) / sqrt(n_{l-1}), all layers from
  ONE RandomState(init_seed), layer after layer. Forward a_0 = [X, 1], z_l = a_{l-1} W_l, a_l = [act(z_l), 1].
- batches: consecutive slices of the training rows in order, one step per batch; the epoch loss is the mean of the
  per-batch losses (sums over the batch), each before its step. Each layer's weights and bias are separate parameter
  groups, so weight decay (coupled L2, AdamW's decoupled decay) never touches a bias row; L1 is a proximal step on the
  non-bias rows after each step, and l1*|w|_1 (and 0.5*l2*|w|^2) is added to the reported loss.
- dtype: float64, or float32 with `"dtype": "float32"` (data and initial weights rounded to float32 first).
"""
import argparse
import csv
import json
import os

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import make_blobs
from sklearn.model_selection import train_test_split

torch.set_num_threads(1)
parser = argparse.ArgumentParser()
parser.add_argument("--out", default=".")
parser.add_argument("--only", choices=["shared", "new"])
args = parser.parse_args()
MADE_WITH = f"torch {torch.__version__}"
O = torch.optim
RULES = {"sgd": O.SGD, "adam": O.Adam, "adamw": O.AdamW, "rmsprop": O.RMSprop, "adagrad": O.Adagrad}
RULE_ARGUMENTS = ("momentum", "nesterov", "amsgrad", "centered")


def dump(name, obj):
    with open(os.path.join(args.out, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def blobs_csv_name(b):
    return f"blobs_{b['samples']}_c{b['centers']}_std{b['std']:g}_seed{b['seed']}.csv"


def data(settings):
    if "csv" in settings:
        rows = np.loadtxt(os.path.join(os.path.dirname(os.path.abspath(__file__)), settings["csv"]), delimiter=",",
                          skiprows=1)
        X, y = rows[:, :-1], rows[:, -1].astype(int)
    else:
        b = settings["blobs"]
        X, y = make_blobs(n_samples=b["samples"], n_features=b["features"], centers=b["centers"], cluster_std=b["std"],
                          random_state=b["seed"])
        with open(os.path.join(args.out, blobs_csv_name(b)), "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow([f"x{j}" for j in range(X.shape[1])] + ["label"])
            for row, label in zip(X, y):
                w.writerow([repr(float(v)) for v in row] + [int(label)])
    Xb = np.c_[X, np.ones(len(X))]
    return train_test_split(Xb, y, test_size=settings.get("test_size", 0.5), random_state=settings.get("split_seed", 42))


ACTIVATIONS = {"relu": torch.relu, "tanh": torch.tanh, "sigmoid": torch.sigmoid}


def loss_of(kind, z, y, outputs):
    """The summed loss the optimizer steps on, and the one reported (sse reports sum(e^2), steps on half of it)."""
    if kind == "sse":
        e = torch.sigmoid(z[:, 0]) - y
        return 0.5 * (e ** 2).sum(), (e ** 2).sum()
    if kind == "logloss":
        v = F.binary_cross_entropy_with_logits(z[:, 0], y, reduction="sum")
        return v, v
    if kind == "softmax":
        v = F.cross_entropy(z, y.long(), reduction="sum")
        return v, v
    if kind == "hinge" and outputs == 1:
        v = torch.relu(1 - (2 * y - 1) * z[:, 0]).sum()
        return v, v
    if kind == "hinge":
        zy = z.gather(1, y.long().view(-1, 1))
        margins = torch.relu(z - zy + 1)
        v = (margins * (1 - F.one_hot(y.long(), outputs).to(z.dtype))).sum()
        return v, v
    raise ValueError(kind)


def run(settings):
    dtype = torch.float32 if settings.get("dtype") == "float32" else torch.float64
    trX, teX, trY, teY = data(settings)
    outputs = int(trY.max()) + 1 if settings["loss"] == "softmax" or (settings["loss"] == "hinge" and trY.max() > 1) else 1
    layers = [trX.shape[1] - 1] + settings["hidden"] + [outputs]
    rng = np.random.RandomState(settings["init_seed"])
    W0 = [rng.randn(layers[l - 1] + 1, layers[l]) / np.sqrt(layers[l - 1]) for l in range(1, len(layers))]
    if dtype == torch.float32:
        W0 = [w.astype(np.float32).astype(np.float64) for w in W0]
        trX, teX = trX.astype(np.float32).astype(np.float64), teX.astype(np.float32).astype(np.float64)
    l2, l1, decay = settings.get("l2", 0.0), settings.get("l1", 0.0), settings.get("weight_decay", 0.0)
    weights = [torch.tensor(w[:-1], dtype=dtype, requires_grad=True) for w in W0]
    biases = [torch.tensor(w[-1:], dtype=dtype, requires_grad=True) for w in W0]
    groups = [{"params": weights, "weight_decay": l2 or decay}, {"params": biases, "weight_decay": 0.0}]
    opt = RULES[settings["optimizer"]](groups, lr=settings["alpha"],
                                       **{k: settings[k] for k in RULE_ARGUMENTS if k in settings})
    act = ACTIVATIONS[settings["activation"]]
    X, Y = torch.tensor(trX, dtype=dtype), torch.tensor(trY, dtype=dtype)

    def scores(a):
        for l, (w, b) in enumerate(zip(weights, biases)):
            z = a @ torch.cat([w, b])
            a = torch.cat([act(z), torch.ones(len(a), 1, dtype=dtype)], 1) if l + 1 < len(weights) else z
        return a

    losses, rates = [], []
    size = settings.get("batch_size") or len(X)
    for _ in range(settings["epochs"]):
        rates.append(opt.param_groups[0]["lr"])
        epoch = []
        for lo in range(0, len(X), size):
            opt.zero_grad()
            objective, reported = loss_of(settings["loss"], scores(X[lo:lo + size]), Y[lo:lo + size], outputs)
            reported = reported.item()
            if l2:
                reported += 0.5 * l2 * sum((w.detach() ** 2).sum().item() for w in weights)
            if l1:
                reported += l1 * sum(w.detach().abs().sum().item() for w in weights)
            epoch.append(reported)
            objective.backward()
            opt.step()
            if l1:
                with torch.no_grad():
                    for w in weights:
                        w.copy_(torch.sign(w) * torch.clamp(w.abs() - settings["alpha"] * l1, min=0))
        losses.append(float(np.mean(epoch)))
    final = [torch.cat([w, b]).detach().double().numpy() for w, b in zip(weights, biases)]
    with torch.no_grad():
        z = scores(torch.tensor(teX, dtype=dtype)).double().numpy()
    predicted = z.argmax(1) if outputs > 1 else (z[:, 0] > 0).astype(int)
    out = {**settings, "layers": layers, "outputs": outputs, "initial_weights": [w.tolist() for w in W0],
           "losses": losses, "rates": rates, "weights": [w.tolist() for w in final],
           "accuracy": float(np.mean(predicted == teY)), "made_with": MADE_WITH}
    if l1:
        out["zero_weights"] = int(sum((w[:-1] == 0).sum() for w in final))
    return out


def job(**settings):
    return lambda: run(settings)


MOONS, XOR = "moons_300_n0.2_seed0.csv", "xor_200_n0.05_seed1.csv"
BLOBS3 = {"samples": 600, "features": 2, "centers": 3, "std": 1.0, "seed": 2}

SHARED = {
    "mlp_moons_h8_tanh_logloss_sgd_b16_init0.json": job(csv=MOONS, hidden=[8], activation="tanh", loss="logloss",
                                                         optimizer="sgd", alpha=0.05, batch_size=16, init_seed=0,
                                                         epochs=100),
    "mlp_xor_h4_sigmoid_sse_gd_init1.json": job(csv=XOR, hidden=[4], activation="sigmoid", loss="sse", optimizer="sgd",
                                                alpha=0.2, init_seed=1, epochs=150),
    "mlp_blobs_c3_h16_8_relu_softmax_adam_b32_init0.json": job(blobs=BLOBS3, hidden=[16, 8], activation="relu",
                                                               loss="softmax", optimizer="adam", alpha=0.01,
                                                               batch_size=32, init_seed=0, epochs=60),
}

NEW = {
    "mlp_blobs_c3_h16_tanh_softmax_rmsprop_b32_init0.json": job(blobs=BLOBS3, hidden=[16], activation="tanh",
                                                                loss="softmax", optimizer="rmsprop", alpha=0.001,
                                                                batch_size=32, init_seed=0, epochs=40),
    "mlp_blobs_c3_h16_8_relu_hinge_adagrad_b32_init3.json": job(blobs=BLOBS3, hidden=[16, 8], activation="relu",
                                                                loss="hinge", optimizer="adagrad", alpha=0.05,
                                                                batch_size=32, init_seed=3, epochs=40),
    "mlp_moons_h8_tanh_hinge_sgd_b32_l2_0.01_init0.json": job(csv=MOONS, hidden=[8], activation="tanh", loss="hinge",
                                                              optimizer="sgd", alpha=0.02, l2=0.01, batch_size=32,
                                                              init_seed=0, epochs=60),
    "mlp_moons_h6_4_sigmoid_sse_adam_b16_init2.json": job(csv=MOONS, hidden=[6, 4], activation="sigmoid", loss="sse",
                                                          optimizer="adam", alpha=0.02, batch_size=16, init_seed=2,
                                                          epochs=60),
    "mlp_moons_h8_relu_logloss_adam_b32_l1_0.3_init0.json": job(csv=MOONS, hidden=[8], activation="relu",
                                                                 loss="logloss", optimizer="adam", alpha=0.01, l1=0.3,
                                                                 batch_size=32, init_seed=0, epochs=60),
    "mlp_xor_h4_tanh_logloss_adamw_wd0.05_b32_init1.json": job(csv=XOR, hidden=[4], activation="tanh", loss="logloss",
                                                               optimizer="adamw", alpha=0.02, weight_decay=0.05,
                                                               batch_size=32, init_seed=1, epochs=60),
    "mlp_blobs_c3_h16_8_relu_softmax_adam_b32_init0_float32.json": job(blobs=BLOBS3, hidden=[16, 8],
                                                                       activation="relu", loss="softmax",
                                                                       optimizer="adam", alpha=0.01, batch_size=32,
                                                                       init_seed=0, epochs=20, dtype="float32"),
}

if __name__ == "__main__":
    todo = {**({} if args.only == "new" else SHARED), **({} if args.only == "shared" else NEW)}
    for name, make in todo.items():
        dump(name, make())
        print(name)
