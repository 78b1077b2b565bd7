"""Regenerates the real-data fixtures with Debian 12's python3-sklearn (1.2.1) and python3-numpy (1.24.2):
shapes.json (make_moons / make_circles), scalers.json (StandardScaler / MinMaxScaler), breast_cancer.csv
(scikit-learn's bundled copy of the UCI Wisconsin diagnostic table, labels as text) and sklearn_logreg.json
(LogisticRegression's test accuracy on iris.csv and breast_cancer.csv, the split and scaling Descent uses).

Run from this folder with /usr/bin/python3.
"""
import csv
import json

import numpy as np
from sklearn.datasets import load_breast_cancer, make_circles, make_moons
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import MinMaxScaler, StandardScaler

from real_tables import SPLIT_SEED, TABLES, standardized_split

# make_moons / make_circles: noise=None is Descent's --noise 0 (no draws).
shapes = []
for n, noise, seed in [(100, None, 0), (101, 0.1, 1), (7, 0.3, 42), (1000, 0.2, 1)]:
    X, y = make_moons(n_samples=n, noise=noise, random_state=seed)
    shapes.append({"kind": "moons", "samples": n, "noise": noise or 0.0, "seed": seed, "X": X.tolist(), "y": y.tolist()})
for n, noise, factor, seed in [(100, None, 0.8, 0), (101, 0.05, 0.5, 1), (9, 0.2, 0.3, 42), (1000, 0.1, 0.5, 1)]:
    X, y = make_circles(n_samples=n, noise=noise, factor=factor, random_state=seed)
    shapes.append({"kind": "circles", "samples": n, "noise": noise or 0.0, "factor": factor, "seed": seed,
                   "X": X.tolist(), "y": y.tolist()})
json.dump(shapes, open("shapes.json", "w"))

# Scalers fitted on iris' training rows (train_test_split(test_size=0.5, random_state=42)), and on a table with a
# constant column and a column constant up to rounding.
iris = np.loadtxt("../../examples/iris.csv", delimiter=",", skiprows=1)
Xi, yi = iris[:, :4], iris[:, 4]
Xtr, Xte, _, _ = train_test_split(Xi, yi, test_size=0.5, random_state=42)
odd = np.array([[1.0, 5.0, 0.1], [2.0, 5.0, 0.1], [3.0, 5.0, 0.1], [4.5, 5.0, 0.1]])
scalers = []
for name, X, Xt in [("iris", Xtr, Xte), ("constant", odd, odd)]:
    s = StandardScaler().fit(X)
    m = MinMaxScaler().fit(X)
    scalers.append({"name": name, "fit": X.tolist(), "apply": Xt.tolist(),
                    "standard": {"mean": s.mean_.tolist(), "scale": s.scale_.tolist(), "applied": s.transform(Xt).tolist()},
                    "minmax": {"min": m.data_min_.tolist(), "range": m.data_range_.tolist(), "applied": m.transform(Xt).tolist()}})
json.dump(scalers, open("scalers.json", "w"))

# The binary table, labels written as their names so that the CSV exercises text labels.
bc = load_breast_cancer()
with open("breast_cancer.csv", "w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(list(bc.feature_names) + ["diagnosis"])
    for row, target in zip(bc.data, bc.target):
        w.writerow([repr(float(v)) for v in row] + [bc.target_names[target]])

# LogisticRegression (defaults: L2, C=1, lbfgs; multinomial for three classes) on standardized features, the
# scaler fitted on the training rows (real_tables.py); Descent's settings for the same comparison beside it.
comparisons = []
for name, file, path, label, test_size in TABLES:
    y, A, B, ytr, yte = standardized_split(path, test_size)
    clf = LogisticRegression().fit(A, ytr)
    comparisons.append({"name": name, "csv": file, "label": label, "test_size": test_size, "split_seed": SPLIT_SEED,
                        "classes": sorted(set(y.tolist())), "test_rows": int(len(yte)),
                        "sklearn_accuracy": float(clf.score(B, yte)),
                        "sklearn_iterations": int(clf.n_iter_.max()),
                        "descent_args": ["--epochs", "1000", "--alpha", "0.01"]})
json.dump(comparisons, open("sklearn_logreg.json", "w"), indent=1)
print(json.dumps(comparisons, indent=1))
