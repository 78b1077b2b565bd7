/// scikit-learn's train_test_split (ShuffleSplit) on numpy's legacy RandomState.
module Descent.Split

open Descent.Core

/// Test and train row indices: permutation(n) of RandomState(seed); the first ceil(testSize * n) are the test rows,
/// the rest the train rows, both in permutation order.
let indices (testSize: float) (seed: int64) (n: int) : int[] * int[] =
    let perm = RandomState(seed).Permutation n
    let nTest = int (ceil (testSize * float n))
    perm.[nTest..], perm.[.. nTest - 1]

/// (train, test) as in `train_test_split(X, y, test_size=testSize, random_state=seed)`.
let trainTest (testSize: float) (seed: int64) (ds: Dataset) : Dataset * Dataset =
    let train, test = indices testSize seed (Dataset.rows ds)
    Dataset.takeRows train ds, Dataset.takeRows test ds
