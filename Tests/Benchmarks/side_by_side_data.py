"""pandas + numpy doing what `descent train --data TABLE --loss logloss --epochs 10 --no-plots` does: read the table,
split 50/50 with random_state=42, StandardScaler fitted on the training rows, bias column, 10 epochs of batch
gradient descent on the logistic loss, accuracy on the test rows. Prints one JSON line of wall-clock seconds.
Run with Debian's /usr/bin/python3 (python3-pandas, python3-sklearn)."""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split
from sklearn.preprocessing import StandardScaler

start = time.perf_counter()
table = pd.read_csv(sys.argv[1])
loaded = time.perf_counter()
X = table.iloc[:, :-1].to_numpy(dtype=np.float64)
y = table.iloc[:, -1].to_numpy()
del table
classes, y = np.unique(y, return_inverse=True)
trainX, testX, trainY, testY = train_test_split(X, y, test_size=0.5, random_state=42)
del X
scaler = StandardScaler().fit(trainX)
trainX = np.c_[scaler.transform(trainX), np.ones(len(trainX))]
testX = np.c_[scaler.transform(testX), np.ones(len(testX))]
prepared = time.perf_counter()
rng = np.random.RandomState(0)
W = rng.randn(trainX.shape[1])
t = trainY.astype(np.float64)
for epoch in range(10):
    p = 1.0 / (1.0 + np.exp(-trainX.dot(W)))
    loss = -np.mean(t * np.log(p + 1e-12) + (1 - t) * np.log(1 - p + 1e-12))
    W -= 0.01 * trainX.T.dot(p - t) / len(t)
accuracy = np.mean(((testX.dot(W)) > 0).astype(int) == testY)
done = time.perf_counter()
print(json.dumps({"loadSeconds": loaded - start, "splitSeconds": prepared - loaded, "trainSeconds": done - prepared,
                  "totalSeconds": done - start, "accuracy": float(accuracy)}))
