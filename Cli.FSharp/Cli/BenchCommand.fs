/// `descent bench`: per-epoch time, effective bandwidth and allocation of training on generated data, beside the
/// memory floor (a read-only pass over the same matrix).
module Descent.Cli.BenchCommand

open System
open System.Globalization
open Argu
open Descent
open Descent.Cli.CliErrors

/// bench's defaults, read by both the usage lines and the code.
module Defaults =
    let sizes = "500x3,1000000x33"
    let samples = 20
    let precision = Float64
    let optimizer = Optimizer.gd
    let batchSize = 32
    let loss = Core.LossKind.SquaredError
    let classes = 2

type BenchArgs =
    | Sizes of string
    | Epochs of int
    | Dtype of string
    | Optimizer of string
    | Batch_Size of int
    | Threads of int
    | Loss of string
    | Classes of int
    | Hidden of widths: string
    | Activation of string
    | Json

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Sizes _ -> $"comma-separated ROWSxCOLUMNS of generated training sets, the last column the bias (default: {Defaults.sizes})."
            | Epochs _ -> $"timed samples per size, >= 1; a sample is one epoch, or enough epochs for 0.2 ms (default: {Defaults.samples})."
            | Dtype _ -> $"float64 or float32 (default: {Names.precisionName Defaults.precision})."
            | Optimizer _ -> $"gd (one batch per epoch), or sgd, adagrad, rmsprop, adam, adamw, nadam, radam, adamax, adadelta (mini-batches of --batch-size), each with its torch defaults (default: {Names.optimizerName Defaults.optimizer})."
            | Batch_Size _ -> $"rows per mini-batch for sgd, >= 1 (default: {Defaults.batchSize})."
            | Threads _ -> $"threads for the gradient of batches over {Core.GradientEngine<float>.ChunkRows} rows (default: all cores, {Environment.ProcessorCount})."
            | Loss _ -> $"the loss trained, one of {Names.listed Names.losses} (default: {Names.lossName Defaults.loss})."
            | Classes _ -> $"classes of the generated labels, >= 2: which of K equal slices of [-1, 1] the first feature falls in (default: {Defaults.classes})."
            | Hidden _ -> "widths of hidden layers, W1[,W2,...]: time a network's epochs (forward and backward through every layer) (default: none, the linear model)."
            | Activation _ -> "with --hidden: relu, tanh or sigmoid (default: relu)."
            | Json -> "print one JSON object instead of a table (default: off)."

let private gigabytes (bytes: int64) = (float bytes / 1e9).ToString("0.0##", CultureInfo.InvariantCulture) + " GB"

/// The settings the flags describe; every size is checked against memory before anything is allocated.
let settings (args: ParseResults<BenchArgs>) : Bench.Settings =
    let sizesText = args.Value(Sizes, defaultValue = Defaults.sizes)
    let sizes =
        sizesText.Split(',', StringSplitOptions.RemoveEmptyEntries ||| StringSplitOptions.TrimEntries)
        |> Array.map (fun text ->
            match Bench.parseSize text with
            | Some s -> s
            | None -> raise (FlagError $"--sizes must be a comma-separated list of ROWSxCOLUMNS with both between 1 and {Int32.MaxValue} (got '{text}')"))
        |> List.ofArray
    if sizes.IsEmpty then raise (FlagError "--sizes must name at least one ROWSxCOLUMNS")
    let samples = args.Value(Epochs, defaultValue = Defaults.samples)
    if samples < 1 then raise (FlagError $"--epochs must be an integer >= 1 (got {samples})")
    let batchSize = args.Value(Batch_Size, defaultValue = Defaults.batchSize)
    if batchSize < 1 then raise (FlagError $"--batch-size must be an integer >= 1 (got {batchSize})")
    let threads = args.Value(Threads, defaultValue = Environment.ProcessorCount)
    if threads < 1 then raise (FlagError $"--threads must be an integer >= 1 (got {threads})")
    let precision = args.TryValue Dtype |> Option.map (FlagValues.parse "--dtype" Names.precisions) |> Option.defaultValue Defaults.precision
    let optimizer = args.TryValue Optimizer |> Option.map (FlagValues.parse "--optimizer" Names.optimizers) |> Option.defaultValue Defaults.optimizer
    let loss = args.TryValue Loss |> Option.map (FlagValues.parse "--loss" Names.losses) |> Option.defaultValue Defaults.loss
    let classes = args.Value(Classes, defaultValue = Defaults.classes)
    if classes < 2 then raise (FlagError $"--classes must be an integer >= 2 (got {classes})")
    let outputs = Model.outputsOf loss classes
    let available = Bench.availableBytes ()
    for s in sizes do
        let needed = Bench.estimatedBytes precision optimizer batchSize outputs s
        if needed > available then
            raise (FlagError $"--sizes {s.Rows}x{s.Columns} needs about {gigabytes needed} in {Names.precisionName precision}; {gigabytes available} of memory is available")
        if int64 s.Rows * int64 s.Columns > Bench.maxElements then
            raise (FlagError $"--sizes {s.Rows}x{s.Columns} has {int64 s.Rows * int64 s.Columns} elements; one array holds at most {Bench.maxElements}")
    let architecture =
        match args.TryValue Hidden with
        | None ->
            if args.Has Activation then raise (FlagError "--activation applies only with --hidden (a network's hidden units)")
            Architecture.linear
        | Some text ->
            let a =
                { Architecture.linear with
                    Hidden = TrainArgs.hiddenWidths text
                    Activation = args.TryValue Activation |> Option.map (FlagValues.parse "--activation" Names.activations) |> Option.defaultValue Architecture.linear.Activation }
            try Validation.architecture a with DescentError p -> raise (FlagError(render p))
            a
    { Sizes = sizes
      Architecture = architecture
      Samples = samples
      Precision = precision
      Optimizer = optimizer
      BatchSize = batchSize
      Threads = threads
      Loss = loss
      Classes = classes }

/// Seconds in the unit that suits them (ns, µs, ms, s), three significant digits.
let duration (seconds: float) =
    let scaled, unit =
        if seconds < 1e-6 then seconds * 1e9, "ns"
        elif seconds < 1e-3 then seconds * 1e6, "µs"
        elif seconds < 1.0 then seconds * 1e3, "ms"
        else seconds, "s"
    scaled.ToString("G3", CultureInfo.InvariantCulture) + " " + unit

let private invariant (v: float) (format: string) = v.ToString(format, CultureInfo.InvariantCulture)

let private header (s: Bench.Settings) =
    let batch = match s.Optimizer with Gd _ -> "gd" | o -> $"{Names.optimizerName o} (batch {s.BatchSize})"
    let hidden = if Architecture.isNetwork s.Architecture then $"hidden {Network.hiddenText s.Architecture.Hidden} {Names.activationName s.Architecture.Activation}, " else ""
    let model = $"{hidden}{Names.lossName s.Loss}, {s.Classes} classes ({Model.outputsOf s.Loss s.Classes} outputs)"
    let machine = Bench.machine () |> Map.ofList
    $"""descent bench: {Names.precisionName s.Precision}, {batch}, {model}, {s.Threads} thread(s), {s.Samples} samples per size; {machine.["processor"]}, {machine.["cores"]} cores, {machine.["runtime"]}"""

let private tableHeader =
    String.Format(CultureInfo.InvariantCulture, "{0,-14}{1,14}{2,14}{3,9}{4,14}{5,8}{6,14}", "size", "epoch median", "epoch min", "GB/s", "read pass", "ratio", "bytes/epoch")

let private row (r: Bench.Result) =
    String.Format(CultureInfo.InvariantCulture, "{0,-14}{1,14}{2,14}{3,9}{4,14}{5,8}{6,14}",
        $"{r.Size.Rows}x{r.Size.Columns}", duration r.Epoch.Median, duration r.Epoch.Min, invariant r.GigabytesPerSecond "0.0",
        duration r.ReadPass.Median, invariant r.RatioToReadPass "0.00", invariant r.AllocatedPerEpoch "0")

let private json (s: Bench.Settings) (results: Bench.Result list) =
    Json.toText (fun w ->
        w.WriteStartObject()
        w.WriteStartObject "machine"
        for name, value in Bench.machine () do
            w.WriteString(name, value)
        w.WriteEndObject()
        w.WriteStartObject "settings"
        w.WriteString("dtype", Names.precisionName s.Precision)
        w.WriteString("optimizer", Names.optimizerName s.Optimizer)
        w.WriteNumber("batchSize", s.BatchSize)
        w.WriteNumber("threads", s.Threads)
        w.WriteString("loss", Names.lossName s.Loss)
        w.WriteNumber("classes", s.Classes)
        if Architecture.isNetwork s.Architecture then
            w.WriteString("hidden", Network.hiddenText s.Architecture.Hidden)
            w.WriteString("activation", Names.activationName s.Architecture.Activation)
        w.WriteNumber("outputs", Model.outputsOf s.Loss s.Classes)
        w.WriteNumber("samples", s.Samples)
        w.WriteEndObject()
        w.WriteStartArray "results"
        for r in results do
            w.WriteStartObject()
            w.WriteNumber("rows", r.Size.Rows)
            w.WriteNumber("columns", r.Size.Columns)
            w.WriteNumber("bytes", r.Bytes)
            w.WriteNumber("epochsPerSample", r.EpochsPerSample)
            w.WriteNumber("readPassesPerSample", r.PassesPerSample)
            w.WriteStartObject "epochSeconds"
            w.WriteNumber("median", r.Epoch.Median)
            w.WriteNumber("min", r.Epoch.Min)
            w.WriteEndObject()
            w.WriteNumber("gigabytesPerSecond", r.GigabytesPerSecond)
            w.WriteStartObject "readPassSeconds"
            w.WriteNumber("median", r.ReadPass.Median)
            w.WriteNumber("min", r.ReadPass.Min)
            w.WriteEndObject()
            w.WriteNumber("ratioToReadPass", r.RatioToReadPass)
            w.WriteNumber("allocatedBytesPerEpoch", r.AllocatedPerEpoch)
            w.WriteEndObject()
        w.WriteEndArray()
        w.WriteEndObject())

/// bench's progress line: the size being measured; the time left weighs each size by its elements, once sizes holding
/// a tenth of them are done (a small size's time is mostly fixed costs, which would inflate the estimate).
let private progress (s: Bench.Settings) =
    let sizes = Array.ofList s.Sizes
    let elements (z: Bench.Size) = float z.Rows * float z.Columns
    let total = sizes |> Array.sumBy elements
    let describe n (_: float) =
        let z = sizes.[min n (sizes.Length - 1)]
        $"size {min (n + 1) sizes.Length}/{sizes.Length} ({z.Rows}x{z.Columns})"
    let fraction n =
        let f = (Array.sumBy elements sizes.[.. n - 1]) / total
        if f >= 0.1 then f else nan
    new Progress.Line("bench", describe, fraction)

let run (args: ParseResults<BenchArgs>) : ExitCode =
    let s = settings args
    use progress = progress s
    let finished = ref 0
    let measured (onResult: Bench.Result -> unit) (r: Bench.Result) =
        finished.Value <- finished.Value + 1
        progress.Step(finished.Value, nan)
        progress.Above(fun () -> onResult r)
    if args.Has Json then
        let results = ResizeArray()
        Bench.run s (measured results.Add)
        progress.Finish()
        printfn "%s" (json s (List.ofSeq results))
    else
        printfn "%s" (header s)
        printfn "%s" tableHeader
        Bench.run s (measured (row >> printfn "%s"))
    ExitCode.Ok
