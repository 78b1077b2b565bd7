/// Runs an Experiment end to end: validation, data, split (with the bias column), scaling, training, evaluation on the
/// test rows.
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
      /// Wall-clock seconds spent splitting (with the bias column) and scaling.
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

/// How a split takes its sets from the loaded data.
type private Rows =
    /// The data is this run's alone: the validation and test rows are copied, then the training rows moved within the
    /// data's own array when it has room for them (the readers and make_blobs leave room for the bias column), so a big
    /// table is not held twice.
    | Owned
    /// Other experiments share the data (a sweep's): every set is copied and the data left as it was.
    | Shared

/// Splits `data` (each set with the bias column), checks the training rows' classes, and scales the sets (fitted on
/// the training rows only). `e` must have been validated.
let private splitAndScale (rows: Rows) (e: Experiment) (data: Dataset) (loadSeconds: float) : Prepared =
    let clock = Stopwatch.StartNew()
    let schema = Dataset.schema data
    let fit, validation, test = splitIndices e (Dataset.rows data)
    let validation = if validation.Length > 0 then Some(Dataset.takeRowsWithBias validation data) else None
    let test = Dataset.takeRowsWithBias test data
    let train =
        match rows with
        | Owned when Dataset.hasRoomFor fit.Length data -> Dataset.takeOwnRowsWithBias fit data
        | _ -> Dataset.takeRowsWithBias fit data
    checkClasses e schema train.Y
    let scaler = Scaler.fitRows e.Scale train
    for set in [ train; test ] @ Option.toList validation do
        Scaler.applyInPlace scaler set.X
    let weights = ClassWeights.resolve e.ClassWeight schema.Classes train.Y
    { Experiment = e
      Schema = schema
      Train = train
      Validation = validation
      Test = test
      Scaler = scaler
      ClassWeights = weights
      TrainTargets = Model.targetsOf e.Loss (Model.outputsOf e.Loss schema.Classes.Length) weights train.Y
      Dropped = data.Dropped
      LoadSeconds = loadSeconds
      SplitSeconds = clock.Elapsed.TotalSeconds }

/// Validates `e`, refuses it if it cannot fit in memory, loads its data, splits it and scales the sets.
let prepare (e: Experiment) : Prepared =
    Validation.experiment e
    MemoryBudget.checkExperiment e
    let clock = Stopwatch.StartNew()
    let data = load e
    splitAndScale Owned e data clock.Elapsed.TotalSeconds

/// prepare for data already loaded and shared with other experiments (a sweep's): `data` is left as it was. `e` must
/// have been validated.
let prepareShared (e: Experiment) (data: Dataset) : Prepared = splitAndScale Shared e data 0.0

/// Trains and evaluates a prepared experiment, keeping the weights of the epochs `record` asks for.
let trainKeepingWeights (record: Training.WeightRecord) (p: Prepared) (onEpoch: Training.EpochStats -> unit) (cancel: CancellationToken) : TrainedRun =
    let e = p.Experiment
    let clock = Stopwatch.StartNew()
    let outcome = Training.train record e p.ClassWeights p.Train p.TrainTargets p.Validation onEpoch cancel
    let seconds = clock.Elapsed.TotalSeconds
    let predictions =
        match Training.Outcome.layout outcome with
        | Some layout -> Network.predict layout e.Architecture.Activation e.Loss outcome.Weights p.Test.X
        | None -> Model.predict outcome.Weights outcome.Outputs p.Test.X
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
    trainKeepingWeights Training.NoWeights p onEpoch cancel

/// Runs `e` from start to end (prepare, then train) with no callback and no cancellation.
let experiment (e: Experiment) : TrainedRun = train (prepare e) ignore CancellationToken.None
