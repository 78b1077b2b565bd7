/// Runs an Experiment end to end: data, split (with the bias column), scaling, training, evaluation on the test rows.
module Descent.Run

open System.Diagnostics
open System.Threading

/// An experiment with its data loaded, split and scaled, ready to train: everything that can fail on bad input
/// has run. It holds the split's rows and not the data they came from.
type Prepared =
    { Experiment: Experiment
      Schema: Schema
      /// Train, Validation and Test hold the bias column last and are scaled by Scaler, fitted on Train alone.
      Train: LabelledRows
      Validation: LabelledRows option
      Test: LabelledRows
      Scaler: Scaler
      /// Each class's weight in the training loss (all 1 without class weights), resolved on the training rows.
      ClassWeights: float[]
      /// Train's targets in the loss's encoding, weighted by ClassWeights (Model.targetsOf).
      TrainTargets: float[]

      /// Rows of the data file skipped for an empty cell or a null.
      Dropped: int
      /// Wall-clock seconds spent reading or generating the data (0 when it was given loaded).
      LoadSeconds: float
      /// Wall-clock seconds spent splitting (with the bias column) and scaling, and waiting for the training code to
      /// be compiled when it is not yet (Run.prepare's warm-up).
      SplitSeconds: float }

/// A trained and evaluated experiment: the model, its history and its report, without the rows it was trained on
/// (a sweep keeps one per configuration).
type TrainedRun =
    { Experiment: Experiment
      Schema: Schema
      /// The feature scaling fitted on the training rows.
      Scaler: Scaler
      Outcome: Training.Outcome
      /// Predicted classes of the test rows.
      Predictions: int[]
      Report: Report.ClassificationReport
      /// Wall-clock seconds spent in training (excluded from anything compared for determinism).
      TrainSeconds: float
      LoadSeconds: float
      SplitSeconds: float }

/// The data an experiment describes.
let load (e: Experiment) : Dataset = DataLoad.load e.Data

/// (train, validation, test) row indices for an experiment on `n` rows; refuses splits that leave a set empty.
let private splitIndices (e: Experiment) (n: int) =
    let nTest = int (ceil (e.TestSize * float n))
    if nTest >= n then Fail.setting TestSize $"{e.TestSize} leaves no training rows out of {n}"
    if e.ValidationFraction > 0.0 && int (ceil (e.ValidationFraction * float (n - nTest))) >= n - nTest then
        Fail.setting ValidationFraction $"{e.ValidationFraction} leaves no training rows"
    Split.trainValidationTest e.TestSize e.ValidationFraction e.SplitSeed n

/// Refuses training rows of a single class.
let private checkClasses (e: Experiment) (schema: Schema) (fitY: int[]) =
    if fitY |> Array.forall ((=) fitY.[0]) then
        let message =
            $"the training set holds a single class ('{schema.Classes.[fitY.[0]]}' of column '{schema.LabelName}'); at least two are needed (try another {SplitSeed.Token} or {TestSize.Token})"
        match e.Data with
        | Table c -> Fail.file DataTable c.Path $": {message}"
        | _ -> Fail.input message

/// Checks that `e`'s split of `data` leaves every set non-empty and the training rows two classes or more, without
/// copying any rows (a sweep checks each distinct split once before anything runs).
let checkSplit (e: Experiment) (data: Dataset) =
    let fit, _, _ = splitIndices e (Dataset.rows data)
    checkClasses e (Dataset.schema data) (Dataset.classesAt fit data)

/// Train's class weights and targets (see Prepared).
let private weightsAndTargets (e: Experiment) (schema: Schema) (trainY: int[]) =
    let weights = ClassWeights.resolve e.ClassWeight schema.Classes trainY
    weights, Model.targetsOf e.Loss (Model.outputsOf e.Loss schema.Classes.Length) weights trainY

/// Scales the split's sets (fitted on the training rows only), in place: each set's rows are held by no one else.
/// `made` holds train's class weights and targets when they were made beforehand (drawnSets).
let private scaledWith (made: (float[] * float[]) option) (e: Experiment) (schema: Schema) (train: LabelledRows) (validation: LabelledRows option) (test: LabelledRows) (clock: Stopwatch) =
    let scaler = Scaler.fitRows e.Scale train
    for rows in [ train; test ] @ Option.toList validation do
        Scaler.applyInPlace scaler rows.X
    let weights, targets = made |> Option.defaultWith (fun () -> weightsAndTargets e schema train.Y)
    { Experiment = e
      Schema = schema
      Train = train
      Validation = validation
      Test = test
      Scaler = scaler
      ClassWeights = weights
      TrainTargets = targets
      Dropped = 0
      LoadSeconds = 0.0
      SplitSeconds = clock.Elapsed.TotalSeconds }

let private scaled = scaledWith None

/// Splits already loaded data (each set copied once, with the bias column) and scales it (fitted on the training rows
/// only); `data` is left as it was, for other experiments (a sweep). `e` must have been validated (see prepare).
let prepareOn (e: Experiment) (data: Dataset) : Prepared =
    let clock = Stopwatch.StartNew()
    let fit, validation, test = splitIndices e (Dataset.rows data)
    let train = Dataset.takeRowsWithBias fit data
    checkClasses e (Dataset.schema data) train.Y
    let validation = if validation.Length > 0 then Some(Dataset.takeRowsWithBias validation data) else None
    let test = Dataset.takeRowsWithBias test data
    { scaled e (Dataset.schema data) train validation test clock with Dropped = data.Dropped }

/// prepareOwn for data whose rows are still to be permuted by `order` (make_blobs' shuffle: the shuffled table's row i
/// is data row order.[i]), taken in the split's gather so that the points are moved once: the split's indices are
/// those of the shuffled table, mapped through `order`; the result is prepareOwn's on the shuffled table, bit for bit.
let private prepareOwnThrough (order: int[] option) (e: Experiment) (data: Dataset) : Prepared =
    let clock = Stopwatch.StartNew()
    let rows (shuffled: int[]) =
        match order with
        | Some o -> Dataset.valuesAt shuffled o
        | None -> shuffled
    let n = Dataset.rows data
    let fit, validation, test = splitIndices e n
    let fit, validation, test = rows fit, rows validation, rows test
    let schema = Dataset.schema data
    let validation = if validation.Length > 0 then Some(Dataset.takeRowsWithBias validation data) else None
    let test = Dataset.takeRowsWithBias test data
    let train =
        if Dataset.hasRoomFor fit.Length data then Dataset.takeOwnRowsWithBias fit data
        else Dataset.takeRowsWithBias fit data
    checkClasses e (Dataset.schema data) train.Y
    { scaled e schema train validation test clock with Dropped = data.Dropped }

/// Splits data nobody else holds: the validation and test rows copied with the bias column, then the training rows
/// moved within the data's own array when it has room for them (the readers and make_blobs leave room for the bias
/// column), so a big table is not held twice. `data` must not be used afterwards.
let prepareOwn (e: Experiment) (data: Dataset) : Prepared = prepareOwnThrough None e data

/// An array of `values` doubles whose pages have all been written once, so that filling it later costs no page faults
/// (Run.prepare makes the split's sets so on the core that is idle while blobs are drawn).
let private faulted (values: int) =
    let a = System.GC.AllocateUninitializedArray<float> values
    for k in 0 .. 512 .. values - 1 do
        a.[k] <- 0.0
    a

/// A set of the split of big generated blobs, made on another core while the points are drawn (Run.prepare): the
/// drawn rows it takes (its rows of make_blobs' shuffled table, mapped through the shuffle as in prepareOwnThrough),
/// their labels, and its column-major array with room for the bias column, its pages already written.
type private DrawnSet = { Rows: int[]; Labels: int[]; Room: float[] }

/// What drawnSets makes: the blobs' schema, the split's sets, and the training set's class weights and targets
/// when they could be made there (a class weight that cannot be resolved is refused later, where the split checks it).
type private DrawnSplit =
    { Schema: Schema
      Fit: DrawnSet
      Validation: DrawnSet
      Test: DrawnSet
      Made: (float[] * float[]) option }

/// The split of generated blobs drawn row-major (Blobs.drawnRows) into the sets made beforehand (drawnSets): each
/// set's rows gathered whole rows at a time into its room with the bias column. The sets are those
/// prepareOwnThrough makes of the same points, bit for bit.
let private prepareDrawnRows (e: Experiment) (b: BlobsSpec) (values: float[]) (split: DrawnSplit) (clock: Stopwatch) =
    let take (set: DrawnSet) : LabelledRows =
        Core.RowGather.FromRowsWithOnes(values, b.Features, set.Rows, set.Room)
        { X = { Data = set.Room; Rows = set.Rows.Length; Cols = b.Features + 1 }; Y = set.Labels }
    let train = take split.Fit
    checkClasses e split.Schema train.Y
    let validation = if split.Validation.Rows.Length > 0 then Some(take split.Validation) else None
    scaledWith split.Made e split.Schema train validation (take split.Test) clock

/// The split of big blobs made while the points are drawn: their schema, and the sets (DrawnSet) from the split's
/// indices and make_blobs' labels and shuffle, known without drawing the points (Blobs.shuffle), with the training
/// set's targets, their pages written (made in the split instead, they cost it 3 ms, or 23 ms when the machine hands
/// the process memory it has not touched before). The gather's code is run once on a small table too, so that its
/// first call on the sets is not also its compilation.
let private drawnSets (e: Experiment) (b: BlobsSpec) =
    let width = b.Features + 1
    let fit, validation, test = splitIndices e b.Samples
    let labels, order = Blobs.shuffle b.Samples b.Features b.Centers b.Seed
    let set (shuffled: int[]) =
        let rows = Dataset.valuesAt shuffled order
        { Rows = rows; Labels = Dataset.valuesAt rows labels; Room = faulted (rows.Length * width) }
    let warmRows = Core.RowGather.ParallelValues / 64
    Core.RowGather.FromRowsWithOnes(Array.zeroCreate (warmRows * 63), 63, Array.init warmRows id, Array.zeroCreate (warmRows * 64))
    let schema = Blobs.schema b.Features b.Centers
    let fit = set fit
    { Schema = schema
      Fit = fit
      Validation = set validation
      Test = set test
      Made = (try Some(weightsAndTargets e schema fit.Labels) with DescentError _ -> None) }

/// Values from which the training code is compiled on another core while the data is read (see warmUp).
let private bigData = 1L <<< 22

/// Whether `e`'s data is big enough for a warm-up: a generated table of bigData values, or a file of 8 bytes a value.
let private worthWarmUp (e: Experiment) =
    match e.Data with
    | Blobs b -> int64 b.Samples * int64 b.Features >= bigData
    | Moons m -> int64 m.Samples * 2L >= bigData
    | Circles c -> int64 c.Samples * 2L >= bigData
    | Table c -> (try System.IO.FileInfo(c.Path).Length >= 8L * bigData with _ -> false)

/// The training table's columns (the bias column included) and classes, where they are known before the data is read
/// (a file's are not: a guess).
let private expectedShape (e: Experiment) =
    match e.Data with
    | Blobs b -> b.Features + 1, b.Centers
    | Moons _
    | Circles _ -> 3, 2
    | Table _ -> 7, 2

/// One epoch of `e`'s training path on a small made-up table, so that the training code (about 30 ms of JIT for the
/// fused gradient's kernels) is compiled on another core while the data is being read instead of in the first epoch;
/// two chunks and a row, so that the engine's chunked path and its workers are compiled too. The kernels are compiled
/// per number of outputs and per number of columns up to four, beyond that per remainder of the columns by four
/// (Blocks): the made-up table has the real one's classes and, up to 11 columns, its remainder (a 65-column table's
/// remainder kernels compiled in its first epoch cost that epoch 10-15 ms). Its results are thrown away; a failure
/// only means no warm-up.
let private warmUp (e: Experiment) =
    try
        let width, classes = expectedShape e
        let columns = if width <= 8 then width else 8 + width % 4
        let rows = 2 * Core.GradientEngine<float>.ChunkRows + 1
        let x = Array.create (rows * columns) 0.5
        let y = Array.init rows (fun i -> i % classes)
        let once = { e with Epochs = 1; TargetLoss = None; Patience = None; Warmup = None }
        let table = { X = { Data = x; Rows = rows; Cols = columns }; Y = y }
        let weights = Array.create classes 1.0
        let targets = Model.targetsOf e.Loss (Model.outputsOf e.Loss classes) weights y
        Training.trainRecordingWeighted Training.NoWeights once weights table targets None ignore CancellationToken.None
        |> ignore
    with _ -> ()

/// Validates `e`, refuses it if it cannot fit in memory, loads and splits its data. Generated blobs are split straight
/// from the order they are drawn in (prepareOwnThrough; big ones row-major, prepareDrawnRows), and a big table's
/// training code is compiled meanwhile.
let prepare (e: Experiment) : Prepared =
    Validation.experiment e
    MemoryBudget.checkExperiment e
    // The warm-up takes only cycles the reading and the split leave idle (IdleThread): their work comes first.
    let warm = if worthWarmUp e then Some(IdleThread.start (fun () -> warmUp e)) else None
    // Big blobs' split is made on another core while they are drawn, row-major: the split's permutation, make_blobs'
    // shuffle (known without the points: Blobs.shuffle), the rows each set takes, and the sets' arrays, their pages
    // written; the points are then gathered a whole row at a time into them (prepareDrawnRows).
    let ahead =
        match e.Data with
        | Blobs b when worthWarmUp e -> Some(System.Threading.Tasks.Task.Run(fun () -> drawnSets e b))
        | _ -> None
    let clock = Stopwatch.StartNew()
    let prepared =
        match e.Data, ahead with
        | Blobs b, Some ahead ->
            let values = Blobs.drawnRows b.Samples b.Features b.Centers b.ClusterStd b.Seed
            let loadSeconds = clock.Elapsed.TotalSeconds
            // The split's time includes any wait for the sets made meanwhile.
            let splitClock = Stopwatch.StartNew()
            let sets = ahead.GetAwaiter().GetResult()
            { prepareDrawnRows e b values sets splitClock with LoadSeconds = loadSeconds }
        | _ ->
            let data, order =
                match e.Data with
                | Blobs b ->
                    let points, order = Blobs.drawn b.Samples b.Features b.Centers b.ClusterStd b.Seed
                    points, Some order
                | _ -> load e, None
            let loadSeconds = clock.Elapsed.TotalSeconds
            { prepareOwnThrough order e data with LoadSeconds = loadSeconds }
    // Waiting for the warm-up, when it is not done yet, counts as the split's: it is set-up before the first epoch.
    let waited = Stopwatch.StartNew()
    warm |> Option.iter _.Join()
    { prepared with SplitSeconds = prepared.SplitSeconds + waited.Elapsed.TotalSeconds }

/// Trains and evaluates a prepared experiment, keeping the weights of the epochs `record` asks for.
let trainRecording (record: Training.WeightRecord) (p: Prepared) (onEpoch: Training.EpochStats -> unit) (cancel: CancellationToken) : TrainedRun =
    let e = p.Experiment
    let clock = Stopwatch.StartNew()
    let outcome = Training.trainRecordingWeighted record e p.ClassWeights p.Train p.TrainTargets p.Validation onEpoch cancel
    let seconds = clock.Elapsed.TotalSeconds
    let predictions = Model.predict outcome.Weights outcome.Outputs p.Test.X
    { Experiment = e
      Schema = p.Schema
      Scaler = p.Scaler
      Outcome = outcome
      Predictions = predictions
      Report = Report.compute p.Schema.Classes p.Test.Y predictions
      TrainSeconds = seconds
      LoadSeconds = p.LoadSeconds
      SplitSeconds = p.SplitSeconds }

/// Trains and evaluates a prepared experiment.
let train (p: Prepared) (onEpoch: Training.EpochStats -> unit) (cancel: CancellationToken) : TrainedRun =
    trainRecording Training.NoWeights p onEpoch cancel

/// Runs `e`: validates it, loads its data, trains, evaluates.
let execute (e: Experiment) (onEpoch: Training.EpochStats -> unit) (cancel: CancellationToken) : TrainedRun =
    train (prepare e) onEpoch cancel

/// Runs `e` with no callback and no cancellation.
let quiet (e: Experiment) = execute e ignore CancellationToken.None
