/// scikit-learn's make_blobs, reproduced bit for bit on numpy's legacy RandomState.
module Descent.Blobs

open System
open Descent.Core

/// make_blobs' points before its shuffle, and the shuffle: the rows in the order they are drawn (centers drawn by
/// uniform(-10, 10, (centers, features)); n_samples // centers points per center, the remainder going one each to the
/// first centers; each center's points drawn as normal(center, std) row by row), then permutation(n) of the same
/// generator, make_blobs' shuffle: its row i is drawn row order.[i]. The points are written row-major (row r at
/// [r·features ..]) or column-major with room for the bias column a split appends in place; the labels and the
/// shuffle come with them.
[<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)>]
let private draw (rowMajor: bool) (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) =
    let rng = RandomState(seed)
    let centerValues = Array.zeroCreate<float> (centers * features)
    rng.FillUniform(Span centerValues, -10.0, 10.0)
    let perCenter = Array.init centers (fun c -> samples / centers + (if c < samples % centers then 1 else 0))
    let n = samples
    let data = GC.AllocateUninitializedArray<float>(n * (if rowMajor then features else features + 1))
    let labels = Array.zeroCreate<int> n
    let draws = Array.zeroCreate<float> features
    let mutable next = 0
    for c in 0 .. centers - 1 do
        let center = c * features
        for _ in 1 .. perCenter.[c] do
            // normal(loc, scale) = loc + scale · gauss(), one draw per feature in row order.
            rng.FillStandardNormal(Span draws)
            if rowMajor then
                let row = next * features
                for j in 0 .. features - 1 do
                    data.[row + j] <- centerValues.[center + j] + clusterStd * draws.[j]
            else
                for j in 0 .. features - 1 do
                    data.[j * n + next] <- centerValues.[center + j] + clusterStd * draws.[j]
            labels.[next] <- c
            next <- next + 1
    data, labels, rng.Permutation samples

/// The points as a Dataset, column-major with room for the bias column (see draw), and make_blobs' shuffle. A split
/// can take its rows through the shuffle in the same pass (Run.prepare), so that the points are moved once.
let drawn (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset * int[] =
    let data, labels, order = draw false samples features centers clusterStd seed
    { X = { Data = data; Rows = samples; Cols = features }
      Y = labels
      FeatureNames = Dataset.defaultFeatureNames features
      Classes = Array.init centers string
      LabelName = "y"
      Dropped = 0 },
    order

/// The points row-major (row r of the draw order at values.[r·features ..]; see draw), their labels and make_blobs'
/// shuffle: for a split that gathers whole rows into fresh column-major sets (RowGather.FromRows, Run.prepare).
let drawnRows (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : float[] * int[] * int[] =
    draw true samples features centers clusterStd seed

/// make_blobs(n_samples, n_features, centers, cluster_std, center_box=(-10, 10), shuffle=True, random_state): the
/// drawn points with their rows permuted in place by the shuffle.
let make (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset =
    let points, order = drawn samples features centers clusterStd seed
    RowGather.InPlace(points.X.Data, samples, features, order)
    { points with Y = Dataset.classesAt order points }
