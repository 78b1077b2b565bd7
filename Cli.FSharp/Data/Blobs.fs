/// scikit-learn's make_blobs, reproduced bit for bit on numpy's legacy RandomState.
module Descent.Blobs

open System
open System.Threading.Tasks
open Descent.Core

/// Rows ← rows at `order` in every column of a column-major `n`-row array, in place: a few columns at a time are
/// gathered into buffers (in parallel when big), then written back.
let private permuteRows (data: float[]) (n: int) (cols: int) (order: int[]) =
    let width = max 1 (min cols Environment.ProcessorCount)
    let buffers = Array.init width (fun _ -> Array.zeroCreate<float> n)
    let mutable j0 = 0
    while j0 < cols do
        let count = min width (cols - j0)
        let column k =
            let s = (j0 + k) * n
            Dataset.gatherColumn data s order buffers.[k] 0
            Array.Copy(buffers.[k], 0, data, s, n)
        if count > 1 && n >= (1 <<< 16) then Parallel.For(0, count, column) |> ignore
        else
            for k in 0 .. count - 1 do
                column k
        j0 <- j0 + count

/// make_blobs(n_samples, n_features, centers, cluster_std, center_box=(-10, 10), shuffle=True, random_state):
/// centers drawn by uniform(-10, 10, (centers, features)); n_samples // centers points per center, the remainder
/// going one each to the first centers; each center's points drawn as normal(center, std) row by row; then the rows
/// permuted by shuffle(arange(n)) of the same generator. The points are written straight into the column-major
/// matrix, which has room for the bias column a split appends in place.
[<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)>]
let make (samples: int) (features: int) (centers: int) (clusterStd: float) (seed: int64) : Dataset =
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
    permuteRows data n features order
    { X = { Data = data; Rows = n; Cols = features }
      Y = Array.map (fun i -> labels.[i]) order
      FeatureNames = Dataset.defaultFeatureNames features
      Classes = Array.init centers string
      LabelName = "y"
      Dropped = 0 }
