"""Writes sklearn_linear.json (issue 13): the test accuracy of scikit-learn 1.2.1's linear classifiers on iris.csv and
breast_cancer.csv, with the split and scaling of sklearn_logreg.json (make_realdata_fixtures.py):
train_test_split(test_size=0.5 for iris, 0.3 for breast cancer, random_state=42), StandardScaler fitted on the
training rows and applied to both.

- LogisticRegression(multi_class="multinomial"), otherwise defaults (L2, C=1, lbfgs, max_iter=100);
- LinearSVC() defaults (squared hinge, L2, C=1, one-vs-rest, dual, max_iter=1000), and LinearSVC(multi_class=
  "crammer_singer"). liblinear shuffles with a seed drawn from random_state; random_state=0 makes the file
  reproducible (the accuracies are the same for None and seeds 0..3 and 42).
  liblinear's Crammer-Singer solver does not report its iteration count (sklearn 1.2 reads an unset value and warns
  about convergence), so no iteration count is written for it.

Run from this folder with /usr/bin/python3; `--out DIR` writes elsewhere.
"""
import argparse
import json
import os
import warnings

from sklearn.exceptions import ConvergenceWarning
from sklearn.linear_model import LogisticRegression
from sklearn.svm import LinearSVC

from real_tables import SPLIT_SEED, TABLES, standardized_split

parser = argparse.ArgumentParser()
parser.add_argument("--out", default=".")
out = parser.parse_args().out


def fit(make):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ConvergenceWarning)
        model = make()
    return model, any(issubclass(w.category, ConvergenceWarning) for w in caught)


tables = []
for name, file, path, label, test_size in TABLES:
    y, A, B, ytr, yte = standardized_split(path, test_size)
    models = []
    logreg, warned = fit(lambda: LogisticRegression(multi_class="multinomial").fit(A, ytr))
    models.append({"model": "LogisticRegression", "params": {"multi_class": "multinomial"},
                   "accuracy": float(logreg.score(B, yte)), "iterations": int(logreg.n_iter_.max()),
                   "converged": not warned})
    ovr, warned = fit(lambda: LinearSVC(random_state=0).fit(A, ytr))
    models.append({"model": "LinearSVC", "params": {"multi_class": "ovr", "random_state": 0},
                   "accuracy": float(ovr.score(B, yte)), "iterations": int(ovr.n_iter_), "converged": not warned})
    cs, _ = fit(lambda: LinearSVC(multi_class="crammer_singer", random_state=0).fit(A, ytr))
    models.append({"model": "LinearSVC", "params": {"multi_class": "crammer_singer", "random_state": 0},
                   "accuracy": float(cs.score(B, yte))})
    tables.append({"name": name, "csv": file, "label": label, "test_size": test_size, "split_seed": SPLIT_SEED,
                   "scale": "standard", "classes": sorted(set(y.tolist())), "test_rows": int(len(yte)),
                   "models": models})
with open(os.path.join(out, "sklearn_linear.json"), "w") as f:
    json.dump(tables, f, indent=1)
print(json.dumps(tables, indent=1))
