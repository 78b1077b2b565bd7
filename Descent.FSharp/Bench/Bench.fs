/// `descent bench`'s measurement: whole training epochs (the same BatchTrainer `descent train` runs) on generated data,
/// timed sample by sample beside a read-only pass over the same matrix, the memory floor of any epoch.
module Descent.Bench

open System
open System.Diagnostics
open System.Numerics
open System.Numerics.Tensors
open System.Runtime.Intrinsics
open Descent.Core

/// A generated training set: Rows × Columns, the last column the bias (ones), as `descent train` builds X.
type Size = { Rows: int; Columns: int }

type Settings =
    { Sizes: Size list
      /// Timed samples per size.
      Samples: int
      Precision: Precision
      Optimizer: Optimizer
      BatchSize: int
      Threads: int
      Loss: LossKind
      /// Classes of the generated labels (two: y = 1 where the first feature is positive).
      Classes: int
      /// Hidden layers: epochs of a network (Core's NetworkTrainer) instead of the linear model's.
      Architecture: Architecture }

/// Median and minimum over the samples, in seconds per epoch (or per pass).
type Timing = { Median: float; Min: float }

type Result =
    { Size: Size
      /// Bytes of X and y, which every epoch reads at least once.
      Bytes: int64
      /// Epochs in one timed sample (and read passes in the next field): enough for about 0.2 ms.
      EpochsPerSample: int
      PassesPerSample: int
      Epoch: Timing
      /// One read-only pass over X (the same array), timed in the same rounds as the epochs.
      ReadPass: Timing
      /// Bytes allocated per timed epoch, on the calling thread and the gradient's worker threads.
      AllocatedPerEpoch: float }

    /// Effective bandwidth of the median epoch over X and y.
    member r.GigabytesPerSecond = float r.Bytes / r.Epoch.Median / 1e9
    /// The median epoch over the median read-only pass.
    member r.RatioToReadPass = r.Epoch.Median / r.ReadPass.Median

let elementBytes (p: Precision) = match p with Float64 -> 8L | Float32 -> 4L

/// Rows × columns in one array, as .NET arrays and the kernels' int indices allow.
let maxElements = int64 Array.MaxLength

/// What measuring `s` holds at once: X and y in the element type (twice for mini-batches, which the trainer lays
/// out again as tiles), the float64 staging of one column and the trainer's row order.
let estimatedBytes (p: Precision) (optimizer: Optimizer) (batchSize: int) (outputs: int) (s: Size) =
    let rows, cols = int64 s.Rows, int64 s.Columns
    let copies = if Optimizer.readsBatches optimizer && batchSize < s.Rows then 2L else 1L
    copies * rows * (cols + int64 outputs) * elementBytes p + rows * 8L * int64 (max 1 outputs) + rows * 4L

/// "ROWSxCOLUMNS", both at least 1.
let parseSize (text: string) : Size option =
    match text.Trim().ToLowerInvariant().Split 'x' with
    | [| r; c |] ->
        match Int32.TryParse r, Int32.TryParse c with
        | (true, rows), (true, cols) when rows >= 1 && cols >= 1 -> Some { Rows = rows; Columns = cols }
        | _ -> None
    | _ -> None

let private timing (seconds: float[]) =
    let sorted = Array.sort seconds
    let n = sorted.Length
    let median = if n % 2 = 1 then sorted.[n / 2] else 0.5 * (sorted.[n / 2 - 1] + sorted.[n / 2])
    { Median = median; Min = sorted.[0] }

/// Memory the process can still take: the GC's limit (physical memory or a container's) less what is in use.
let availableBytes () =
    let info = GC.GetGCMemoryInfo()
    max 0L (info.TotalAvailableMemoryBytes - info.MemoryLoadBytes)

/// The processor's name where the OS tells it (Linux /proc/cpuinfo), else the architecture.
let processorName () =
    let fallback = string Runtime.InteropServices.RuntimeInformation.ProcessArchitecture
    try
        if IO.File.Exists "/proc/cpuinfo" then
            IO.File.ReadLines "/proc/cpuinfo"
            |> Seq.tryFind _.StartsWith("model name")
            |> Option.map (fun l -> l.Substring(l.IndexOf ':' + 1).Trim())
            |> Option.defaultValue fallback
        else
            fallback
    with _ -> fallback

/// The benchmarks' generated matrix (`descent bench` and Tests/Benchmarks), rows × columns column-major in the element
/// type: each feature column numpy's `uniform(-1, 1, rows)` from one `RandomState(0)`, column after column, the last
/// column the bias (ones).
let data<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (rows: int) (columns: int) : 'T[] =
    if rows < 1 || columns < 1 then invalidArg (nameof rows) $"{rows}×{columns}: at least one row and one column"
    let x = Array.zeroCreate<'T> (Checked.(*) rows columns)
    let staging = Array.zeroCreate<float> rows
    let rng = RandomState(0L)
    for j in 0 .. columns - 1 do
        if j = columns - 1 then Array.Fill(staging, 1.0) else rng.FillUniform(Span staging, -1.0, 1.0)
        for i in 0 .. rows - 1 do
            x.[j * rows + i] <- Numeric.FromDouble<'T> staging.[i]
    x

/// One read-only pass over `values` (their sum), which costs what reading them costs and next to nothing more: the
/// memory floor beside which an epoch is timed.
let readPass<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (values: 'T[]) : float =
    Numeric.ToDouble<'T>(TensorPrimitives.Sum<'T>(ReadOnlySpan values))

/// Bytes `action` allocates on the calling thread, plus how much `otherThreads` (a running total other threads keep,
/// e.g. the gradient's workers') grows meanwhile, measured in a no-GC region: a collection during the measurement would
/// count the unused rest of the thread's allocation quantum as allocated. Fails when the runtime refuses the region.
let allocatedBytes (action: unit -> unit) (otherThreads: unit -> int64) : int64 =
    GC.Collect()
    if not (GC.TryStartNoGCRegion(16L * 1024L * 1024L)) then
        invalidOp "The runtime refused a no-GC region; allocation cannot be measured."
    try
        let others = otherThreads ()
        let before = GC.GetAllocatedBytesForCurrentThread()
        action ()
        let mine = GC.GetAllocatedBytesForCurrentThread() - before
        mine + (otherThreads () - others)
    finally
        if Runtime.GCSettings.LatencyMode = Runtime.GCLatencyMode.NoGCRegion then GC.EndNoGCRegion()

/// The bench data with K classes: which of K equal slices of [−1, 1] the first feature falls in (two classes: 1 where
/// it is positive), targets in `loss`'s encoding.
let private generate<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (loss: LossKind) (classes: int) (s: Size) =
    let x = data<'T> s.Rows s.Columns
    let label i =
        if s.Columns = 1 then 0
        elif classes = 2 then (if x.[i] > 'T.Zero then 1 else 0)
        else min (classes - 1) (int ((Numeric.ToDouble<'T> x.[i] + 1.0) / 2.0 * float classes))
    let outputs = Model.outputsOf loss classes
    let y = Model.targetsOf loss outputs (Array.create classes 1.0) (Array.init s.Rows label) |> Array.map Numeric.FromDouble<'T>
    x, y, outputs

let private measure<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (settings: Settings) (s: Size) : Result =
    let x, y, outputs = generate<'T> settings.Loss settings.Classes s
    let e =
        { Experiment.lesson with
            Loss = settings.Loss
            Optimizer = settings.Optimizer
            BatchSize = settings.BatchSize
            Threads = settings.Threads
            Precision = settings.Precision }
    // A small step keeps the weights (and so the sigmoids) in their ordinary range for any number of epochs.
    let alpha = 0.01 / float s.Rows
    let rng = RandomState(0L)
    let network = Architecture.isNetwork settings.Architecture
    let e = { e with Architecture = settings.Architecture }
    // A network starts from the reference's draws (zero weights would leave its hidden units alike).
    use trainer: IDisposable =
        if network then
            let layout = Network.layout settings.Architecture s.Columns outputs
            Training.networkTrainer<'T> e layout x y s.Rows (Network.initialWeights settings.Architecture.Init 0L layout)
        else
            Training.batchTrainer<'T> e x y s.Rows s.Columns outputs (Array.zeroCreate (s.Columns * outputs))
    let newEpoch, epoch, workerBytes =
        match trainer with
        | :? NetworkTrainer<'T> as t -> t.NewEpoch, t.Epoch, (fun () -> t.WorkerAllocatedBytes)
        | :? BatchTrainer<'T> as t -> t.NewEpoch, t.Epoch, (fun () -> t.WorkerAllocatedBytes)
        | _ -> invalidOp "unknown trainer"
    // Raw timestamps: TimeSpan (Stopwatch.Elapsed) rounds to 100 ns.
    let seconds (start: int64) = float (Stopwatch.GetTimestamp() - start) / float Stopwatch.Frequency
    let timeEpochs count =
        let start = Stopwatch.GetTimestamp()
        for _ in 1 .. count do
            newEpoch rng
            epoch alpha |> ignore
        seconds start
    let mutable sink = 0.0
    let timePasses count =
        let start = Stopwatch.GetTimestamp()
        for _ in 1 .. count do
            sink <- sink + readPass x
        seconds start
    // Warm up (the first calls compile), then take enough repetitions per sample for about 0.2 ms.
    timeEpochs 3 + timePasses 3 |> ignore
    let repetitions (once: float) = max 1 (min 1_000_000 (int (ceil (2e-4 / max once 1e-9))))
    let perSample = repetitions (min (timeEpochs 1) (timeEpochs 1))
    let passesPerSample = repetitions (min (timePasses 1) (timePasses 1))
    timeEpochs perSample + timePasses passesPerSample |> ignore
    let epochs = Array.zeroCreate settings.Samples
    let passes = Array.zeroCreate settings.Samples
    let allocated =
        allocatedBytes
            (fun () ->
                for k in 0 .. settings.Samples - 1 do
                    passes.[k] <- timePasses passesPerSample / float passesPerSample
                    epochs.[k] <- timeEpochs perSample / float perSample)
            workerBytes
    GC.KeepAlive sink
    { Size = s
      Bytes = int64 s.Rows * int64 (s.Columns + outputs) * elementBytes settings.Precision
      EpochsPerSample = perSample
      PassesPerSample = passesPerSample
      Epoch = timing epochs
      ReadPass = timing passes
      AllocatedPerEpoch = float allocated / float (settings.Samples * perSample) }

/// Measures every size in turn (each one's arrays are released before the next is made).
let run (settings: Settings) (onResult: Result -> unit) =
    for s in settings.Sizes do
        let result =
            match settings.Precision with
            | Float64 -> measure<float> settings s
            | Float32 -> measure<float32> settings s
        GC.Collect()
        onResult result

/// The machine, for the record beside the figures.
let machine () =
    [ "processor", processorName ()
      "cores", string Environment.ProcessorCount
      "os", Runtime.InteropServices.RuntimeInformation.OSDescription
      "runtime", Runtime.InteropServices.RuntimeInformation.FrameworkDescription
      "vector256", string Vector256.IsHardwareAccelerated ]
