/// scikit-learn's make_blobs, reproduced bit for bit on numpy's legacy RandomState.
module Descent.Blobs

open System
open Descent.Core

/// make_blobs' points before its shuffle, and the shuffle: the rows in the order they are drawn (centers drawn by
/// uniform(-10, 10, (centers, features)); n_samples // centers points per center, the remainder going one each to the
/// first centers; each center's points drawn as normal(center, std) row by row), written straight into the
/// column-major matrix, which has room for the bias column a split appends in place; then permutation(n) of the same
/// generator, make_blobs' shuffle: its row i is drawn row order.[i]. A split can take its rows through `order` in
/// the same pass (Run.prepare), so that the points are moved once.
[<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)>]
let drawn (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset * int[] =
    let rng = RandomState(seed)
    let centerValues = Array.zeroCreate<float> (centers * features)
    rng.FillUniform(Span centerValues, -10.0, 10.0)
    let perCenter = Array.init centers (fun c -> samples / centers + (if c < samples % centers then 1 else 0))
    let n = samples
    let data = GC.AllocateUninitializedArray<float>(n * (features + 1))
    let labels = Array.zeroCreate<int> n
    let draws = Array.zeroCreate<float> features
    let mutable next = 0
    for c in 0 .. centers - 1 do
        let center = c * features
        for _ in 1 .. perCenter.[c] do
            // normal(loc, scale) = loc + scale · gauss(), one draw per feature in row order.
            rng.FillStandardNormal(Span draws)
            for j in 0 .. features - 1 do
                data.[j * n + next] <- centerValues.[center + j] + clusterStd * draws.[j]
            labels.[next] <- c
            next <- next + 1
    let order = rng.Permutation samples
    { X = { Data = data; Rows = n; Cols = features }
      Y = labels
      FeatureNames = Dataset.defaultFeatureNames features
      Classes = Array.init centers string
      LabelName = "y"
      Dropped = 0 },
    order

/// make_blobs(n_samples, n_features, centers, cluster_std, center_box=(-10, 10), shuffle=True, random_state): the
/// drawn points with their rows permuted in place by the shuffle.
let make (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset =
    let points, order = drawn samples features centers clusterStd seed
    RowGather.InPlace(points.X.Data, samples, features, order)
    { points with Y = Dataset.classesAt order points }
