/// Refusing work that cannot fit in memory before anything large is allocated: an estimate of the bytes an
/// experiment, a generated data set or a sweep's grid needs, against what the process may use (the GC's limit:
/// physical memory, a container's limit or DOTNET_GCHeapHardLimit). The estimates count the large arrays only; what
/// they leave out (code, small objects) is what the margin is for. The per-epoch history is not counted: it grows
/// with the epochs that run (a run of a billion epochs is meant to be stopped by a target, patience or a signal).
module Descent.MemoryBudget

open System

/// Bytes the process may still allocate (MemoryCheck, the one estimate tables use too).
let available () : int64 = MemoryCheck.available ()

let describe (bytes: float) = MemoryCheck.describe bytes

/// The most elements one .NET array holds (Array.MaxLength).
let private maxElements = float Array.MaxLength

/// Rows, features and classes of generated data (None for a table read from a file, whose size is its own).
let shape (d: DataSpec) : (float * float * float) option =
    match d with
    | Blobs b -> Some(float b.Samples, float b.Features, float b.Centers)
    | Moons m -> Some(float m.Samples, 2.0, 2.0)
    | Circles c -> Some(float c.Samples, 2.0, 2.0)
    | Xor x -> Some(float x.Samples, 2.0, 2.0)
    | Table _ -> None

/// Generating n rows of d features: the rows as they are drawn (one array each, 24 bytes of header) and the
/// column-major matrix they are copied into, the labels and the shuffle's permutation:
///   n·d·8·2 + n·(24 + 8) + n·4·2 + n·8
let dataBytes (n: float) (d: float) = n * d * 16.0 + n * 48.0

/// Training n rows of d features and K outputs in `precision`: the split's copies with the bias column (float64), the
/// rows in the training precision, the scores, the row order and labels:
///   n·(d+1)·(8 + s) + n·K·s + n·12,  s = 8 (float64) or 4 (float32)
let trainBytes (e: Experiment) (n: float) (d: float) (k: float) =
    let s = match e.Precision with Float64 -> 8.0 | Float32 -> 4.0
    n * (d + 1.0) * (8.0 + s) + n * k * s + n * 12.0

let private refuse (need: float) (what: string) (fix: string) : unit =
    let free = available ()
    if need > float free then
        Fail.input $"{what} would need about {describe need} of memory, more than the {describe (float free)} available; {fix}"

/// Refuses an array of more elements than .NET allows.
let private fitsArray (n: float) (d: float) =
    if n * (d + 1.0) > maxElements then
        Fail.input $"{DataSamples.Token} {n} × ({DataFeatures.Token} {d} + 1) make {n * (d + 1.0)} numbers, more than the {Array.MaxLength} one array can hold; use fewer samples or features"

/// Refuses generated data of `d` that cannot be made and written as CSV text (about 20 characters of two bytes per number).
let checkData (d: DataSpec) =
    match shape d with
    | Some (n, f, _) ->
        fitsArray n f
        refuse (dataBytes n f + n * (f + 1.0) * 40.0) $"{n} samples × {f} features" $"use fewer samples ({DataSamples.Token}) or features ({DataFeatures.Token})"
    | None -> ()

let private outputsOf (classes: float) = if classes <= 2.0 then 1.0 else classes

/// A network's weights on d features and K outputs: Σ (n_{l−1} + 1)·n_l over its layers.
let networkWeights (e: Experiment) (d: float) (k: float) =
    let sizes = d :: (e.Architecture.Hidden |> List.map float) @ [ k ]
    List.pairwise sizes |> List.sumBy (fun (a, b) -> (a + 1.0) * b)

/// Training a network of W weights on batches of b rows (at most a workspace's chunk) in `precision`: the weights,
/// gradient and up to three optimizer buffers in the training precision, the initial, last good and final weights in
/// float64, and each layer's activations and two deltas for a batch:
///   W·(5·s + 24) + b·Σ n_l·3·s
let networkBytes (e: Experiment) (d: float) (k: float) (n: float) =
    let s = match e.Precision with Float64 -> 8.0 | Float32 -> 4.0
    let b = min (min (float e.BatchSize) n) 2048.0
    let units = (e.Architecture.Hidden |> List.sumBy float) + k
    networkWeights e d k * (5.0 * s + 24.0) + b * units * 3.0 * s

/// Refuses a network whose weights do not fit one array, or whose training cannot fit in memory. For a table read
/// from a file the features are not known yet: the network is counted from its first hidden layer.
let private checkNetwork (e: Experiment) (n: float) (d: float) (k: float) =
    if Experiment.isNetwork e then
        let count = networkWeights e d k
        let shape = (d :: (e.Architecture.Hidden |> List.map float) @ [ k ]) |> List.map string |> String.concat "-"
        if count > maxElements then
            Fail.setting HiddenLayers $"makes a network ({shape}) of {count} weights, more than the {Array.MaxLength} one array can hold; use narrower or fewer hidden layers"
        refuse (networkBytes e d k n) $"a network ({shape}) of {count} weights" $"use narrower or fewer hidden layers ({HiddenLayers.Token})"

/// Refuses an experiment whose generated data, training and outputs cannot fit (a table file's size is checked as it is
/// read: only the network is counted here).
let checkExperiment (e: Experiment) =
    match shape e.Data with
    | Some (n, d, classes) ->
        fitsArray n d
        refuse (dataBytes n d + trainBytes e n d (outputsOf classes)) $"training on {n} samples × {d} features" $"use fewer samples ({DataSamples.Token}) or features ({DataFeatures.Token})"
        checkNetwork e n d (if e.Loss = Core.LossKind.Softmax then classes else outputsOf classes)
    | None -> checkNetwork e 1.0 0.0 1.0

/// Refuses a sweep of `configurations` runs over `baseline`'s data with `jobs` at a time: the data once, each running
/// job's training, and every finished configuration's predictions and report until the sweep's files are written,
/// with the grid itself and the configuration's journal record (about 3 KiB per configuration).
let checkSweep (baseline: Experiment) (configurations: int64) (jobs: int) =
    let n, d, classes = shape baseline.Data |> Option.defaultValue (0.0, 0.0, 2.0)
    if n > 0.0 then fitsArray n d
    let perConfiguration = n * baseline.TestSize * 4.0 + 3072.0
    let running = float (min (int64 jobs) configurations) * trainBytes baseline n d (outputsOf classes)
    let need = dataBytes n d + running + float configurations * perConfiguration
    refuse need $"a sweep of {configurations} configurations" $"use fewer configurations, samples ({DataSamples.Token}) or jobs at a time"
