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

/// Row indices of the fitted, validation and test rows: the test rows as `indices` takes them, then the validation rows
/// split off the training rows the same way (train_test_split of the training set with the same seed); no validation
/// rows when `validationFraction` is 0.
let trainValidationTest (testSize: float) (validationFraction: float) (seed: int64) (n: int) : int[] * int[] * int[] =
    let train, test = indices testSize seed n
    if validationFraction > 0.0 then
        let fit, validation = indices validationFraction seed train.Length
        Array.map (fun i -> train.[i]) fit, Array.map (fun i -> train.[i]) validation, test
    else
        train, [||], test
