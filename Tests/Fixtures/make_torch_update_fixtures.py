"""Writes torch_update_rules.json: weight trajectories of every torch.optim 1.13 rule Descent implements.

Run with Debian 12's python3-torch (torch 1.13), float64 default dtype, as the reference trajectories in
the shared reference folder (`shared/reference/` beside the clone) were made:  /usr/bin/python3 Tests/Fixtures/make_torch_update_fixtures.py

Each case: a model of `outputs` outputs of `features` weights each (the last of each output is its bias, a separate
parameter group, so AdamW's decoupled decay never touches it), initial weights W0 and a fixed gradient per step
(drawn once from RandomState(7), independent of the weights), so the case tests the update rule alone: torch's
parameters take p.grad = g_t and optimizer.step(); `weights` holds W after every step, class-major (w[k*features + j]).
"""
import json
import numpy as np
import torch

torch.set_default_dtype(torch.float64)
features, outputs, steps = 5, 2, 12
rng = np.random.RandomState(7)
W0 = rng.randn(outputs * features)
grads = rng.randn(steps, outputs * features) * np.array([0.5, 1.0, 2.0, 0.1, 1.5] * outputs)
# A few exact zeros and a large gradient, so accumulators start at zero and maxima switch.
grads[0, 3] = 0.0
grads[5, 7] = 25.0

cases = [
    ("Adagrad", {}, 0.5),
    ("RMSprop", {}, 0.01),
    ("RMSprop", {"centered": True}, 0.01),
    ("RMSprop", {"momentum": 0.9}, 0.01),
    ("RMSprop", {"centered": True, "momentum": 0.5, "alpha": 0.9}, 0.01),
    ("Adam", {}, 0.1),
    ("Adam", {"amsgrad": True}, 0.1),
    ("AdamW", {}, 0.1),
    ("AdamW", {"amsgrad": True, "weight_decay": 0.3}, 0.1),
    ("NAdam", {}, 0.1),
    ("RAdam", {}, 0.1),
    ("Adamax", {}, 0.1),
    ("Adadelta", {}, 1.0),
    ("Adadelta", {"rho": 0.5}, 0.3),
    ("SGD", {}, 0.1),
    ("SGD", {"momentum": 0.9}, 0.1),
    ("SGD", {"momentum": 0.9, "nesterov": True}, 0.1),
]

out = {"features": features, "outputs": outputs, "initial_weights": W0.tolist(), "gradients": grads.tolist(),
       "made_with": "torch " + torch.__version__, "cases": []}
for name, options, lr in cases:
    weights = [torch.tensor(W0[k * features:(k + 1) * features - 1].copy(), requires_grad=True) for k in range(outputs)]
    biases = [torch.tensor(W0[(k + 1) * features - 1:(k + 1) * features].copy(), requires_grad=True) for k in range(outputs)]
    decay = {k: v for k, v in options.items() if k == "weight_decay"}
    rest = {k: v for k, v in options.items() if k != "weight_decay"}
    groups = [{"params": weights, **decay}, {"params": biases, "weight_decay": 0.0}]
    opt = getattr(torch.optim, name)(groups, lr=lr, **rest)
    trajectory = []
    for t in range(steps):
        for k in range(outputs):
            weights[k].grad = torch.tensor(grads[t, k * features:(k + 1) * features - 1].copy())
            biases[k].grad = torch.tensor(grads[t, (k + 1) * features - 1:(k + 1) * features].copy())
        opt.step()
        w = np.concatenate([np.r_[weights[k].detach().numpy(), biases[k].detach().numpy()] for k in range(outputs)])
        trajectory.append(w.tolist())
    out["cases"].append({"optimizer": name, "options": options, "lr": lr, "weights": trajectory})

with open(__file__.replace("make_torch_update_fixtures.py", "torch_update_rules.json"), "w") as f:
    json.dump(out, f, indent=1)
print(len(out["cases"]), "cases")
