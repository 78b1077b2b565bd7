"""Regenerates classification_reports.json and python_format.json with Debian 12's python3-sklearn (1.2.1).

Run with /usr/bin/python3 (the system Python that has numpy 1.24.2 and scikit-learn 1.2.1).
"""
import json
import numpy as np
from sklearn.metrics import classification_report

rng = np.random.RandomState(3)
cases = []
shapes = [(500, 2, 0.996), (8, 2, 0.625), (40, 3, 0.7), (150, 3, 0.9), (12, 4, 0.5), (30, 2, 0.0)]
for n, k, acc in shapes:
    y_true = rng.randint(0, k, n)
    y_pred = np.where(rng.rand(n) < acc, y_true, rng.randint(0, k, n))
    names = [str(c) for c in range(k)]
    if k == 3 and n == 150:
        names = ["setosa", "versicolor", "virginica"]
    present = sorted(set(y_true) | set(y_pred))
    cases.append({
        "classes": names,
        "y_true": y_true.tolist(),
        "y_pred": y_pred.tolist(),
        "text": classification_report(y_true, y_pred, labels=None, target_names=[names[c] for c in present], zero_division=0),
        "dict": classification_report(y_true, y_pred, target_names=[names[c] for c in present], zero_division=0, output_dict=True),
    })
json.dump(cases, open("classification_reports.json", "w"), indent=1)

values = [0.625, 0.125, 0.375, 0.995, 0.996, 2.675, 1.005, 342.6178008001725, 0.40753782248085246, -0.125, -0.0, 0.0,
          1e-9, 123456789.98765432, 0.5, 1.5, 2.5, 0.045, 1e22, 5e-324, 0.30000000000000004]
fmt = [{"value": v, "digits": d, "text": format(v, ".%df" % d)} for v in values for d in (0, 1, 2, 3, 7)]
json.dump(fmt, open("python_format.json", "w"), indent=1)
