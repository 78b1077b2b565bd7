/// scikit-learn's make_blobs, reproduced bit for bit on numpy's legacy RandomState.
module Descent.Blobs

open Descent.Core

/// make_blobs(n_samples, n_features, centers, cluster_std, center_box=(-10, 10), shuffle=True, random_state):
/// centers drawn by uniform(-10, 10, (centers, features)); n_samples // centers points per center, the remainder
/// going one each to the first centers; each center's points drawn as normal(center, std) row by row; then the rows
/// permuted by shuffle(arange(n)) of the same generator.
let make (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset =
    let rng = RandomState(seed)
    let centerValues = Array.zeroCreate<float> (centers * features)
    rng.FillUniform(System.Span centerValues, -10.0, 10.0)
    let perCenter = Array.init centers (fun c -> samples / centers + (if c < samples % centers then 1 else 0))
    let rows = Array.zeroCreate<float[]> samples
    let labels = Array.zeroCreate<int> samples
    let mutable next = 0
    for c in 0 .. centers - 1 do
        for _ in 1 .. perCenter.[c] do
            rows.[next] <- Array.init features (fun j -> rng.Normal(centerValues.[c * features + j], clusterStd))
            labels.[next] <- c
            next <- next + 1
    let order = rng.Permutation samples
    { X = Matrix.ofRows (Array.map (fun i -> rows.[i]) order)
      Y = Array.map (fun i -> labels.[i]) order
      FeatureNames = Dataset.defaultFeatureNames features
      Classes = Array.init centers string
      LabelName = "y" }
