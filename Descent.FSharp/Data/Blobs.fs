/// scikit-learn's make_blobs, reproduced bit for bit on numpy's legacy RandomState.
module Descent.Blobs

open System
open Descent.Core

/// make_blobs(n_samples, n_features, centers, cluster_std, center_box=(-10, 10), shuffle=True, random_state): the
/// centers drawn as uniform(-10, 10, (centers, features)); then n_samples // centers points per center (the remainder
/// one each to the first centers), each drawn as normal(center, std) row by row; then the rows permuted by the
/// generator's permutation(n_samples). The points are written column-major with room for the bias column, which a
/// split appends in place (Dataset.takeOwnRowsWithBias). Features x0, x1, …, classes "0", "1", …, label column "y".
let make (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset =
    let rng = RandomState(seed)
    let centerValues = Array.zeroCreate<float> (centers * features)
    rng.FillUniform(Span centerValues, -10.0, 10.0)
    let data = GC.AllocateUninitializedArray<float>(samples * (features + 1))
    let labels = Array.zeroCreate<int> samples
    let draws = Array.zeroCreate<float> features
    let mutable next = 0
    for c in 0 .. centers - 1 do
        let count = samples / centers + (if c < samples % centers then 1 else 0)
        Array.Fill(labels, c, next, count)
        let center = c * features
        for _ in 1 .. count do
            rng.FillStandardNormal(Span draws)
            for j in 0 .. features - 1 do
                data.[j * samples + next] <- centerValues.[center + j] + clusterStd * draws.[j]
            next <- next + 1
    let order = rng.Permutation samples
    RowGather.InPlace(data, samples, features, order)
    { X = { Data = data; Rows = samples; Cols = features }
      Y = Dataset.valuesAt order labels
      FeatureNames = Dataset.defaultFeatureNames features
      Classes = Array.init centers string
      LabelName = "y"
      Dropped = 0 }
