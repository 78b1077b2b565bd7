"""Writes examples/digits.csv: scikit-learn's 8x8 digits (load_digits), 1797 rows of 64 pixel intensities (0-16) and
the digit as `label`. Source: the UCI "Optical Recognition of Handwritten Digits" data set (optdigits test set, as
bundled by scikit-learn), by E. Alpaydin and C. Kaynak; licence CC BY 4.0 (https://doi.org/10.24432/C50P49).
Run: /usr/bin/python3 examples/make_digits.py"""
import os
from sklearn.datasets import load_digits

d = load_digits()
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "digits.csv")
with open(path, "w", newline="\n") as f:
    f.write(",".join([f"p{i}" for i in range(64)] + ["label"]) + "\n")
    for row, y in zip(d.data, d.target):
        f.write(",".join(str(int(v)) for v in row) + f",{int(y)}\n")
