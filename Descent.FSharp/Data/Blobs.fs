/// scikit-learn's make_blobs, reproduced bit for bit on numpy's legacy RandomState.
module Descent.Blobs

open System
open Descent.Core

/// The generator of make_blobs(random_state = seed) once it has drawn the centers (uniform(-10, 10, (centers,
/// features))), and the centers.
let private centersDrawn (features: int) (centers: int) (seed: int64) =
    let rng = RandomState(seed)
    let centerValues = Array.zeroCreate<float> (centers * features)
    rng.FillUniform(Span centerValues, -10.0, 10.0)
    rng, centerValues

/// n_samples // centers points per center, the remainder going one each to the first centers.
let private pointsPerCenter (samples: int) (centers: int) =
    Array.init centers (fun c -> samples / centers + (if c < samples % centers then 1 else 0))

/// The labels of the points in the order they are drawn: each center's count of its index, center by center.
let private drawnLabels (samples: int) (centers: int) =
    let labels = Array.zeroCreate<int> samples
    let mutable next = 0
    pointsPerCenter samples centers
    |> Array.iteri (fun c count ->
        Array.Fill(labels, c, next, count)
        next <- next + count)
    labels

/// The schema of generated blobs: features x0, x1, …, classes "0", "1", …, label column "y".
let schema (features: int) (centers: int) : Schema =
    { FeatureNames = Dataset.defaultFeatureNames features; Classes = Array.init centers string; LabelName = "y" }

/// make_blobs' points before its shuffle: the rows in the order they are drawn (after the centers, each center's
/// points drawn as normal(center, std) row by row, labelled as drawnLabels says), and the generator, whose
/// permutation(n) is make_blobs' shuffle: its row i is drawn row order.[i]. The points are written row-major (row r
/// at [r·features ..]) or column-major with room for the bias column a split appends in place.
[<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)>]
let private draw (rowMajor: bool) (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) =
    let rng, centerValues = centersDrawn features centers seed
    let perCenter = pointsPerCenter samples centers
    let n = samples
    let data = GC.AllocateUninitializedArray<float>(n * (if rowMajor then features else features + 1))
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
            next <- next + 1
    data, rng

/// The points as a Dataset, column-major with room for the bias column (see draw), and make_blobs' shuffle. A split
/// can take its rows through the shuffle in the same pass (Run.prepare), so that the points are moved once.
let drawn (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset * int[] =
    let data, rng = draw false samples features centers clusterStd seed
    let order = rng.Permutation samples
    let s = schema features centers
    { X = { Data = data; Rows = samples; Cols = features }
      Y = drawnLabels samples centers
      FeatureNames = s.FeatureNames
      Classes = s.Classes
      LabelName = s.LabelName
      Dropped = 0 },
    order

/// The points row-major (row r of the draw order at values.[r·features ..]; see draw), for a split that gathers whole
/// rows into fresh column-major sets (RowGather.FromRowsWithOnes, Run.prepare) and takes their labels and make_blobs' shuffle
/// from `shuffle`, made meanwhile on another core.
let drawnRows (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : float[] =
    fst (draw true samples features centers clusterStd seed)

/// The labels of the points in the order they are drawn and make_blobs' shuffle (see draw), without drawing the
/// points: the generator is moved past their normals without computing them (RandomState.SkipGaussians), so that the
/// shuffle can be known on one core while the points are drawn on another.
let shuffle (samples: int) (features: int) (centers: int) (seed: int64) : int[] * int[] =
    let rng, _ = centersDrawn features centers seed
    rng.SkipGaussians(int64 samples * int64 features)
    drawnLabels samples centers, rng.Permutation samples

/// make_blobs(n_samples, n_features, centers, cluster_std, center_box=(-10, 10), shuffle=True, random_state): the
/// drawn points with their rows permuted in place by the shuffle.
let make (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset =
    let points, order = drawn samples features centers clusterStd seed
    RowGather.InPlace(points.X.Data, samples, features, order)
    { points with Y = Dataset.classesAt order points }
