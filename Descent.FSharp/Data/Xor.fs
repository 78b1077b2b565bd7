/// The XOR data set on numpy's legacy RandomState, defined by these lines of numpy (the order of the draws defines
/// the data):
///     rng = np.random.RandomState(seed)
///     X = rng.uniform(-1, 1, (n, 2))
///     y = (X[:, 0] * X[:, 1] > 0).astype(int)
///     if noise > 0: X = X + noise * rng.standard_normal((n, 2))
module Descent.Xor

open System
open Descent.Core

/// XOR's n points written column-major with room for the bias column (as Blobs.make writes them): features x0, x1,
/// classes "0" (the signs differ) and "1" (they agree), label column "y". Noise 0 draws nothing.
let make (samples: int) (noise: float) (seed: int64) : Dataset =
    let rng = RandomState(seed)
    // numpy's (n, 2) draws are row-major: x0 and x1 of row 0, then of row 1, ...
    let draws = GC.AllocateUninitializedArray<float>(2 * samples)
    rng.FillUniform(Span draws, -1.0, 1.0)
    let labels = Array.init samples (fun i -> if draws.[2 * i] * draws.[2 * i + 1] > 0.0 then 1 else 0)
    let data = GC.AllocateUninitializedArray<float>(3 * samples)
    for i in 0 .. samples - 1 do
        data.[i] <- draws.[2 * i]
        data.[samples + i] <- draws.[2 * i + 1]
    if noise > 0.0 then
        rng.FillStandardNormal(Span draws)
        for i in 0 .. samples - 1 do
            data.[i] <- data.[i] + noise * draws.[2 * i]
            data.[samples + i] <- data.[samples + i] + noise * draws.[2 * i + 1]
    { X = { Data = data; Rows = samples; Cols = 2 }
      Y = labels
      FeatureNames = Dataset.defaultFeatureNames 2
      Classes = [| "0"; "1" |]
      LabelName = "y"
      Dropped = 0 }
