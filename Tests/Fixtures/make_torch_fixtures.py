"""Reproduces the optimizer, schedule and loss reference vectors with PyTorch 1.13 (Debian 12's python3-torch),
numpy 1.24.2 and scikit-learn 1.2.1, float64 throughout, following the recipe in the shared reference folder's README (`shared/reference/README.md` beside the clone), and
makes the new vectors of the same kind (RAdam, Adamax, centered RMSprop, clipped Adam, warm-up, exponential decay,
coupled L2, AdamW with AMSGrad; squared hinge, perceptron, elastic net, one-vs-rest losses).

    /usr/bin/python3 make_torch_fixtures.py [--out DIR] [--only shared|new|momentum]

The recipe (shared with the lesson's fixtures):
- data: make_blobs, the bias column appended last, train_test_split(test_size=0.5, random_state=42);
  W0 = RandomState(init_seed).randn(d, K) (rows: the features, then the bias).
- batches are consecutive slices of the training rows, in order; one optimizer step per batch; the epoch loss is the
  mean of the per-batch losses, each computed before that batch's step; `rates` is the learning rate of each epoch;
  schedules step once per epoch after it ends.
- the weights and the bias are two parameter groups, so weight decay and penalties never touch the bias.
- sse reports sum(e^2) and steps on the gradient of 0.5*sum(e^2), X^T[e*p*(1-p)]; logloss is binary cross-entropy
  summed over the batch, from the scores (gradient X^T(p - y)).
The files in shared/reference are copied into Tests/Fixtures as they are; this script's output for them is compared
with compare_fixtures.py (see README.md for the differences).
"""
import argparse
import csv
import json
import os
import re
import warnings

import numpy as np
import torch
import torch.nn.functional as F
from sklearn.datasets import make_blobs
from sklearn.model_selection import train_test_split

torch.set_default_dtype(torch.float64)
# SequentialLR calls the cosine schedule's step(0) at its milestone (its closed form, by design in torch 1.13),
# which warns about the deprecated epoch argument; the rates are the intended ones.
warnings.filterwarnings("ignore", message=re.escape("The epoch parameter in `scheduler.step()`"))
torch.set_num_threads(1)

parser = argparse.ArgumentParser()
parser.add_argument("--out", default=".")
parser.add_argument("--only", choices=["shared", "new", "momentum"])
args = parser.parse_args()
MADE_WITH = f"torch {torch.__version__}"


def dump(name, obj):
    with open(os.path.join(args.out, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


def split(X, y, test_size=0.5, split_seed=42):
    Xb = np.c_[X, np.ones(len(X))]
    return train_test_split(Xb, y, test_size=test_size, random_state=split_seed)


def lesson(cluster_std=1.5):
    X, y = make_blobs(n_samples=1000, n_features=2, centers=2, cluster_std=cluster_std, random_state=1)
    return split(X, y)


def parameters(W0, weight_decay=0.0):
    """The weights (all rows but the last) and the bias (the last row) as two groups: decay never touches the bias."""
    w = torch.tensor(W0[:-1], requires_grad=True)
    b = torch.tensor(W0[-1:], requires_grad=True)
    return w, b, [{"params": [w], "weight_decay": weight_decay}, {"params": [b], "weight_decay": 0.0}]


def batches(n, batch_size):
    size = batch_size or n
    return [(i, min(i + size, n)) for i in range(0, n, size)]


# ---------------------------------------------------------------------------------------------------------------
# Optimizers and schedules on the lesson's sigmoid unit.

O = torch.optim
# The torch rule for each optimizer name, and the settings that are arguments of the rule itself.
RULES = {"sgd": O.SGD, "adam": O.Adam, "adamw": O.AdamW, "rmsprop": O.RMSprop, "adagrad": O.Adagrad, "nadam": O.NAdam,
         "adadelta": O.Adadelta, "radam": O.RAdam, "adamax": O.Adamax}
RULE_ARGUMENTS = ("amsgrad", "centered", "momentum", "nesterov")


def schedule_of(spec, o):
    """The torch scheduler a file's "schedule" names, and whether it steps on the epoch's loss."""
    kind = spec["kind"]
    if kind == "cosine":
        return O.lr_scheduler.CosineAnnealingLR(o, T_max=spec["t_max"], eta_min=0), False
    if kind == "exponential":
        return O.lr_scheduler.ExponentialLR(o, gamma=spec["gamma"]), False
    if kind == "plateau":
        return O.lr_scheduler.ReduceLROnPlateau(o, mode="min", factor=spec["factor"], patience=spec["patience"],
                                                threshold=1e-4, threshold_mode="rel"), True
    if kind == "warmup_cosine":
        # LinearLR (start_factor -> 1 over the warm-up), then CosineAnnealingLR over t_max, switched at its end.
        warm = O.lr_scheduler.LinearLR(o, start_factor=spec["start_factor"], total_iters=spec["warmup"])
        cos = O.lr_scheduler.CosineAnnealingLR(o, T_max=spec["t_max"])
        return O.lr_scheduler.SequentialLR(o, schedulers=[warm, cos], milestones=[spec["warmup"]]), False
    raise ValueError(kind)


def run_optimizer(settings):
    """settings: the file's settings (optimizer and its RULE_ARGUMENTS, alpha, batch_size, init_seed, epochs, loss,
    cluster_std, schedule, clip_grad_norm, weight_decay (decoupled, AdamW) or l2 (coupled))."""
    trX, teX, trY, teY = lesson(settings.get("cluster_std", 1.5))
    X, Y = torch.tensor(trX), torch.tensor(trY.reshape(-1, 1).astype(float))
    W0 = np.random.RandomState(settings["init_seed"]).randn(3, 1)
    l2, clip_norm = settings.get("l2", 0.0), settings.get("clip_grad_norm")
    w, b, groups = parameters(W0, l2 or settings.get("weight_decay", 0.0))
    opt = RULES[settings["optimizer"]](groups, lr=settings["alpha"],
                                       **{k: settings[k] for k in RULE_ARGUMENTS if k in settings})
    schedule, on_loss = schedule_of(settings["schedule"], opt) if "schedule" in settings else (None, False)
    losses, rates = [], []
    for _ in range(settings["epochs"]):
        rates.append(opt.param_groups[0]["lr"])
        epoch = []
        for lo, hi in batches(len(X), settings.get("batch_size")):
            bx, by = X[lo:hi], Y[lo:hi]
            opt.zero_grad()
            z = bx @ torch.cat([w, b])
            if settings["loss"] == "sse":
                e = torch.sigmoid(z) - by
                reported = (e ** 2).sum()
                objective = 0.5 * reported
            else:
                reported = F.binary_cross_entropy_with_logits(z, by, reduction="sum")
                objective = reported
            if l2:
                # Coupled L2 reaches the gradient through weight_decay; the loss shows its 0.5*l2*|w|^2.
                reported = reported + 0.5 * l2 * (w.detach() ** 2).sum()
            epoch.append(reported.item())
            objective.backward()
            if clip_norm is not None:
                torch.nn.utils.clip_grad_norm_([w, b], max_norm=clip_norm)
            opt.step()
        losses.append(float(np.mean(epoch)))
        if schedule is not None:
            schedule.step(losses[-1]) if on_loss else schedule.step()
    W = torch.cat([w, b]).detach().numpy()
    accuracy = float(np.mean(((1 / (1 + np.exp(-teX.dot(W)))) > 0.5).astype(int).ravel() == teY))
    return {**settings, "initial_weights": W0.ravel().tolist(), "losses": losses, "rates": rates,
            "weights": W.ravel().tolist(), "accuracy": accuracy, "made_with": MADE_WITH}


def optimizer_job(**settings):
    """A job: run_optimizer on the settings as given (their order is the file's)."""
    return lambda: run_optimizer(settings)


SHARED_OPTIMIZERS = {
    "adam_b32_init0.json": optimizer_job(optimizer="adam", alpha=0.01, batch_size=32, init_seed=0, epochs=100,
                                         loss="sse"),
    "adam_amsgrad_gd_a0.3_init0.json": optimizer_job(optimizer="adam", amsgrad=True, alpha=0.3, init_seed=0,
                                                     epochs=100, loss="sse"),
    "adamw_b32_wd0.01_logloss_init0.json": optimizer_job(optimizer="adamw", weight_decay=0.01, alpha=0.01,
                                                         batch_size=32, init_seed=0, epochs=100, loss="logloss"),
    "rmsprop_b32_init0.json": optimizer_job(optimizer="rmsprop", alpha=0.01, batch_size=32, init_seed=0, epochs=100,
                                            loss="sse"),
    "adagrad_gd_a0.5_init0.json": optimizer_job(optimizer="adagrad", alpha=0.5, init_seed=0, epochs=100, loss="sse"),
    "nadam_b32_init0.json": optimizer_job(optimizer="nadam", alpha=0.01, batch_size=32, init_seed=0, epochs=100,
                                          loss="sse"),
    "adadelta_b32_init0.json": optimizer_job(optimizer="adadelta", alpha=1.0, batch_size=32, init_seed=0, epochs=100,
                                             loss="sse"),
    "sgd_gd_cosine_init0.json": optimizer_job(optimizer="sgd", alpha=0.05, init_seed=0, epochs=100, loss="sse",
                                              schedule={"kind": "cosine", "t_max": 100}),
    "adam_b32_plateau_std4_init0.json": optimizer_job(optimizer="adam", alpha=0.05, batch_size=32, init_seed=0,
                                                      epochs=100, loss="logloss", cluster_std=4.0,
                                                      schedule={"kind": "plateau", "factor": 0.5, "patience": 5}),
}

NEW_OPTIMIZERS = {
    "radam_b32_init0.json": optimizer_job(optimizer="radam", alpha=0.01, batch_size=32, init_seed=0, epochs=100,
                                          loss="sse"),
    "adamax_b32_init0.json": optimizer_job(optimizer="adamax", alpha=0.01, batch_size=32, init_seed=0, epochs=100,
                                           loss="sse"),
    "rmsprop_centered_m0.9_b32_a0.001_init0.json": optimizer_job(optimizer="rmsprop", centered=True, momentum=0.9,
                                                                 alpha=0.001, batch_size=32, init_seed=0, epochs=100,
                                                                 loss="sse"),
    "adam_b32_a0.05_clip1_init0.json": optimizer_job(optimizer="adam", clip_grad_norm=1.0, alpha=0.05, batch_size=32,
                                                     init_seed=0, epochs=100, loss="sse"),
    "adam_b32_a0.05_warmup5_cosine_init0.json": optimizer_job(
        optimizer="adam", alpha=0.05, batch_size=32, init_seed=0, epochs=100, loss="sse",
        schedule={"kind": "warmup_cosine", "start_factor": 0.1, "warmup": 5, "t_max": 95}),
    "sgd_gd_exponential0.97_init0.json": optimizer_job(optimizer="sgd", alpha=0.05, init_seed=0, epochs=100,
                                                       loss="sse", schedule={"kind": "exponential", "gamma": 0.97}),
    "adam_b32_l2_0.01_logloss_init0.json": optimizer_job(optimizer="adam", l2=0.01, alpha=0.01, batch_size=32,
                                                         init_seed=0, epochs=100, loss="logloss"),
    "adamw_amsgrad_b32_wd0.01_logloss_init0.json": optimizer_job(optimizer="adamw", amsgrad=True, weight_decay=0.01,
                                                                 alpha=0.01, batch_size=32, init_seed=0, epochs=100,
                                                                 loss="logloss"),
}

# SGD's momentum buffer under rates that change between steps (issue 25): torch keeps v <- mu*v + g and steps -lr*v
# (Nesterov: -lr*(g + mu*v)), which parts from Keras's v <- mu*v - lr*g; W += v as soon as lr changes.
MOMENTUM_SCHEDULES = {
    "sgd_b32_m0.9_warmup5_cosine55_init0.json": optimizer_job(
        optimizer="sgd", momentum=0.9, alpha=0.01, batch_size=32, init_seed=0, epochs=60, loss="sse",
        schedule={"kind": "warmup_cosine", "start_factor": 0.1, "warmup": 5, "t_max": 55}),
    "sgd_b32_nesterov0.9_exponential0.95_init0.json": optimizer_job(
        optimizer="sgd", momentum=0.9, nesterov=True, alpha=0.01, batch_size=32, init_seed=0, epochs=100, loss="sse",
        schedule={"kind": "exponential", "gamma": 0.95}),
    "sgd_b32_m0.9_plateau_std4_init0.json": optimizer_job(
        optimizer="sgd", momentum=0.9, alpha=0.005, batch_size=32, init_seed=0, epochs=100, loss="logloss",
        cluster_std=4.0, schedule={"kind": "plateau", "factor": 0.5, "patience": 3}),
}


# ---------------------------------------------------------------------------------------------------------------
# Linear models with other losses, plain SGD.

def margins_loss(kind, m):
    """Per-element loss of the margin m = t*z, t = +-1 (subgradient 0 at a kink: relu's backward)."""
    if kind == "hinge":
        return torch.relu(1 - m)
    if kind == "squared-hinge":
        return torch.relu(1 - m) ** 2
    if kind == "modified-huber":
        return torch.where(m >= -1, torch.relu(1 - m) ** 2, -4 * m)
    if kind == "perceptron":
        return torch.relu(-m)
    raise ValueError(kind)


def run_model(settings, with_rates=False):
    """settings: blobs {samples, features, centers, std, seed} or csv; loss; l1, l2 (or elastic_net + l1_ratio);
    class_weight; multi_class ("ovr" for binary losses on 3+ classes); alpha, batch_size, init_seed, epochs."""
    if "csv" in settings:
        with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), settings["csv"])) as f:
            rows = list(csv.reader(f))[1:]
        X = np.array([[float(v) for v in r[:-1]] for r in rows])
        y = np.array([int(r[-1]) for r in rows])
    else:
        bl = settings["blobs"]
        X, y = make_blobs(n_samples=bl["samples"], n_features=bl["features"], centers=bl["centers"],
                          cluster_std=bl["std"], random_state=bl["seed"])
    trX, teX, trY, teY = split(X, y, settings.get("test_size", 0.5), settings.get("split_seed", 42))
    classes = int(y.max()) + 1
    kind = settings["loss"]
    ovr = settings.get("multi_class") == "ovr"
    K = classes if (kind == "softmax" or classes > 2) else 1
    if "elastic_net" in settings:
        # scikit-learn's elastic net: lambda*r of L1 (the proximal step), lambda*(1-r) of L2 (in the gradient).
        l1 = settings["elastic_net"] * settings["l1_ratio"]
        l2 = settings["elastic_net"] * (1 - settings["l1_ratio"])
    else:
        l1, l2 = settings.get("l1", 0.0), settings.get("l2", 0.0)
    alpha = settings["alpha"]
    W0 = np.random.RandomState(settings["init_seed"]).randn(trX.shape[1], K)
    w, b, groups = parameters(W0, l2)
    opt = torch.optim.SGD(groups, lr=alpha)
    X, Y = torch.tensor(trX), torch.tensor(trY)
    if settings.get("class_weight") == "balanced":
        counts = np.bincount(trY, minlength=classes)
        row_weight = torch.tensor(len(trY) / (classes * counts[trY]))
    else:
        row_weight = torch.ones(len(trY))
    losses, rates = [], []
    for _ in range(settings["epochs"]):
        rates.append(opt.param_groups[0]["lr"])
        epoch = []
        for lo, hi in batches(len(X), settings.get("batch_size")):
            bx, by, bw = X[lo:hi], Y[lo:hi], row_weight[lo:hi]
            opt.zero_grad()
            z = bx @ torch.cat([w, b])
            if kind == "softmax":
                per_row = F.cross_entropy(z, by, reduction="none")
            elif K == 1:
                t = (2 * by - 1).to(z.dtype).reshape(-1, 1)
                per_row = margins_loss(kind, t * z).sum(1)
            elif ovr:
                t = 2 * F.one_hot(by, K).to(z.dtype) - 1
                per_row = margins_loss(kind, t * z).sum(1)
            elif kind == "hinge":
                # Weston-Watkins: sum over j != y of max(0, z_j - z_y + 1).
                others = 1 - F.one_hot(by, K).to(z.dtype)
                per_row = (torch.relu(z - z.gather(1, by.reshape(-1, 1)) + 1) * others).sum(1)
            else:
                raise ValueError(f"{kind} with {K} classes needs multi_class ovr")
            objective = (per_row * bw).sum()
            reported = objective.item()
            wd = w.detach()
            if l1:
                reported += l1 * wd.abs().sum().item()
            if l2:
                reported += 0.5 * l2 * (wd ** 2).sum().item()
            epoch.append(reported)
            objective.backward()
            opt.step()
            if l1:
                with torch.no_grad():
                    w.copy_(torch.sign(w) * torch.clamp(w.abs() - alpha * l1, min=0))
        losses.append(float(np.mean(epoch)))
    W = torch.cat([w, b]).detach().numpy()
    scores = teX.dot(W)
    predicted = (scores[:, 0] > 0).astype(int) if K == 1 else scores.argmax(1)
    result = {**settings, "outputs": K, "initial_weights": W0.tolist(), "losses": losses}
    if with_rates:
        result["rates"] = rates
    result.update({"weights": W.tolist(), "accuracy": float(np.mean(predicted == teY)),
                   "zero_weights": int((W[:-1] == 0).sum()), "made_with": MADE_WITH})
    return result


LESSON = {"samples": 1000, "features": 2, "centers": 2, "std": 1.5, "seed": 1}
BLOBS3 = {"samples": 600, "features": 2, "centers": 3, "std": 1.0, "seed": 2}
F10 = {"samples": 800, "features": 10, "centers": 2, "std": 4.0, "seed": 3}


def model(**s):
    return lambda: run_model(s)


def new_model(**s):
    return lambda: run_model(s, with_rates=True)


SHARED_MODELS = {
    "softmax_blobs600_c3_gd_init0.json": model(blobs=BLOBS3, loss="softmax", alpha=0.001, init_seed=0, epochs=100),
    "softmax_lesson_b32_init0.json": model(blobs=LESSON, loss="softmax", alpha=0.01, batch_size=32, init_seed=0,
                                           epochs=50),
    "hinge_lesson_b32_init0.json": model(blobs=LESSON, loss="hinge", alpha=0.001, batch_size=32, init_seed=0,
                                         epochs=50),
    "hinge_blobs600_c3_b32_init0.json": model(blobs=BLOBS3, loss="hinge", alpha=0.001, batch_size=32, init_seed=0,
                                              epochs=50),
    "modified_huber_lesson_b32_init0.json": model(blobs=LESSON, loss="modified-huber", alpha=0.0005, batch_size=32,
                                                  init_seed=0, epochs=50),
    "l1_softmax_blobs_f10_b32_init0.json": model(blobs=F10, loss="softmax", l1=0.5, alpha=0.001, batch_size=32,
                                                 init_seed=0, epochs=60),
    "balanced_hinge_imbalanced_b32_init0.json": model(csv="imbalanced_900_100_seed5.csv", class_weight="balanced",
                                                      loss="hinge", alpha=0.0005, batch_size=32, init_seed=0,
                                                      epochs=40),
}

NEW_MODELS = {
    "squared_hinge_lesson_b32_init0.json": new_model(blobs=LESSON, loss="squared-hinge", alpha=0.0005,
                                                     batch_size=32, init_seed=0, epochs=50),
    "perceptron_lesson_b32_init0.json": new_model(blobs=LESSON, loss="perceptron", alpha=0.001, batch_size=32,
                                                  init_seed=0, epochs=50),
    "elasticnet_softmax_blobs_f10_b32_init0.json": new_model(blobs=F10, loss="softmax", elastic_net=0.01,
                                                             l1_ratio=0.5, alpha=0.001, batch_size=32, init_seed=0,
                                                             epochs=60),
    "ovr_modified_huber_blobs600_c3_b32_init0.json": new_model(blobs=BLOBS3, loss="modified-huber",
                                                               multi_class="ovr", alpha=0.0005, batch_size=32,
                                                               init_seed=0, epochs=50),
    "ovr_squared_hinge_blobs600_c3_b32_init0.json": new_model(blobs=BLOBS3, loss="squared-hinge", multi_class="ovr",
                                                              alpha=0.0005, batch_size=32, init_seed=0, epochs=50),
}



def write_imbalanced_csv():
    """imbalanced_900_100_seed5.csv: 900 rows of class 0 and 100 of class 1 (numbers as repr, bit for bit)."""
    X, y = make_blobs(n_samples=[900, 100], centers=[[-2, 0], [2, 0.5]], cluster_std=1.5, random_state=5)
    with open(os.path.join(args.out, "imbalanced_900_100_seed5.csv"), "w") as f:
        f.write("x0,x1,y\n")
        for (a, b), c in zip(X.tolist(), y.tolist()):
            f.write(f"{a!r},{b!r},{c}\n")


jobs = {}
if args.only in (None, "shared"):
    write_imbalanced_csv()
    jobs.update(SHARED_OPTIMIZERS)
    jobs.update(SHARED_MODELS)
if args.only in (None, "momentum"):
    jobs.update(MOMENTUM_SCHEDULES)
if args.only in (None, "new"):
    jobs.update(NEW_OPTIMIZERS)
    jobs.update(NEW_MODELS)
for name, make in jobs.items():
    result = make()
    dump(name, result)
    print(f"{name:48s} final loss {result['losses'][-1]:.6g}  accuracy {result['accuracy']}")
