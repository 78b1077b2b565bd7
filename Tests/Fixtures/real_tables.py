"""The two real tables of the scikit-learn comparisons (sklearn_logreg.json by make_realdata_fixtures.py,
sklearn_linear.json by make_sklearn_linear_fixtures.py), read, split and scaled as Descent does:
train_test_split(test_size, random_state=42), then a StandardScaler fitted on the training rows, applied to both.
Paths are from this folder; run the scripts from here.
"""
import csv

import numpy as np
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

SPLIT_SEED = 42

# (name, the CSV as the tests name it in Tests/Fixtures, where to read it from here, label column, test size)
TABLES = [("iris", "iris.csv", "../../examples/iris.csv", "target", 0.5),
          ("breast_cancer", "breast_cancer.csv", "breast_cancer.csv", "diagnosis", 0.3)]


def standardized_split(path, test_size):
    """Every label of the table (the last column, as text), and its training and test rows: features standardized by
    the training rows' scaler, then labels."""
    with open(path) as f:
        rows = list(csv.reader(f))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows])
    y = np.array([r[-1] for r in rows])
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=test_size, random_state=SPLIT_SEED)
    scaler = StandardScaler().fit(Xtr)
    return y, scaler.transform(Xtr), scaler.transform(Xte), ytr, yte
