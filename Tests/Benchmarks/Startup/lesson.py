"""The lesson "Gradient Descent with Python" as one process: the yardstick `descent train --no-plots` is timed
against (Tests/Benchmarks/Startup/measure-startup.sh). Debian 12's python3-numpy and python3-sklearn.

make_blobs(1000, 2 features, 2 centers, cluster_std=1.5, random_state=1), a column of ones appended LAST (Descent's
layout; the lesson prepends it), train_test_split(test_size=0.5, random_state=42), W = randn(3, 1) after seed(0),
100 epochs of batch gradient descent at alpha = 0.01 on the sum of squared errors (gradient X^T[e * p * (1 - p)]),
then classification_report on the test half. Prints what `descent train --no-plots` prints, so both do the same work.
"""
import numpy as np
from sklearn.datasets import make_blobs
from sklearn.metrics import classification_report
from sklearn.model_selection import train_test_split


def sigmoid(x):
    return 1.0 / (1 + np.exp(-x))


X, y = make_blobs(n_samples=1000, n_features=2, centers=2, cluster_std=1.5, random_state=1)
y = y.reshape((y.shape[0], 1))
X = np.c_[X, np.ones((X.shape[0]))]
trainX, testX, trainY, testY = train_test_split(X, y, test_size=0.5, random_state=42)

print("[INFO] training...")
np.random.seed(0)
W = np.random.randn(X.shape[1], 1)
for epoch in np.arange(0, 100):
    preds = sigmoid(trainX.dot(W))
    error = preds - trainY
    loss = np.sum(error ** 2)
    gradient = trainX.T.dot(error * preds * (1 - preds))
    W += -0.01 * gradient
    if epoch == 0 or (epoch + 1) % 5 == 0:
        print("[INFO] epoch={}, loss={:.7f}".format(int(epoch + 1), loss))

print("[INFO] evaluating...")
preds = (sigmoid(testX.dot(W)) > 0.5).astype(int)
print(classification_report(testY, preds))
