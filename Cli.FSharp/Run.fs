/// Runs an Experiment end to end: data, bias column, split, training, evaluation on the test rows.
module Descent.Run

open System.Diagnostics
open System.Threading

type Result =
    { Experiment: Experiment
      Data: Dataset
      Train: Dataset
      Test: Dataset
      /// The feature scaling fitted on the training rows (Train and Test above are already scaled).
      Scaler: Scaler
      Outcome: Training.Outcome
      /// Predicted classes of the test rows.
      Predictions: int[]
      Report: Report.ClassificationReport
      /// Wall-clock seconds spent in training (excluded from anything compared for determinism).
      TrainSeconds: float }

/// The data an experiment describes.
let load (e: Experiment) : Dataset =
    match e.Data with
    | Blobs b -> Blobs.make b.Samples b.Features b.Centers b.ClusterStd b.Seed
    | Moons m -> Shapes.moons m.Samples m.Noise m.Seed
    | Circles c -> Shapes.circles c.Samples c.Noise c.Factor c.Seed
    | Csv c -> CsvDataset.load c

let private withBias (ds: Dataset) : Training.Rows = { X = Matrix.appendOnes ds.X; Y = ds.Y }

/// (train, validation, test) for an experiment on `data`; refuses splits that leave a set empty or a single class.
let split (e: Experiment) (data: Dataset) =
    let n = Dataset.rows data
    let nTest = int (ceil (e.TestSize * float n))
    if nTest >= n then raise (FlagError $"--test-size {e.TestSize} leaves no training rows out of {n}")
    let train, test = Split.trainTest e.TestSize e.SplitSeed data
    let fit, validation =
        if e.ValidationFraction > 0.0 then
            let nVal = int (ceil (e.ValidationFraction * float train.Y.Length))
            if nVal >= train.Y.Length then
                raise (FlagError $"--validation-fraction {e.ValidationFraction} leaves no training rows")
            let f, v = Split.trainTest e.ValidationFraction e.SplitSeed train
            f, Some v
        else
            train, None
    if (Array.distinct fit.Y).Length < 2 then
        let source =
            match e.Data with
            | Csv c -> $"--csv {c.Path}: "
            | _ -> ""
        raise (InputError $"{source}the training set holds a single class ('{data.Classes.[fit.Y.[0]]}' of column '{data.LabelName}'); at least two are needed (try another --split-seed or --test-size)")
    fit, validation, test

/// An experiment with its data loaded, split and scaled, ready to train: everything that can fail on bad input
/// has run.
type Prepared =
    { Experiment: Experiment
      Data: Dataset
      /// Train, Validation and Test are scaled by Scaler, which was fitted on Train alone.
      Train: Dataset
      Validation: Dataset option
      Test: Dataset
      Scaler: Scaler }

/// Validates `e`, splits already loaded data and scales it (fitted on the training rows only).
let prepareOn (e: Experiment) (data: Dataset) : Prepared =
    Validation.experiment e
    let train, validation, test = split e data
    let scaler = Scaler.fit e.Scale train.X
    // The split's sets are fresh copies of their rows, held nowhere else.
    for ds in [ train; test ] @ Option.toList validation do
        Scaler.applyInPlace scaler ds.X
    { Experiment = e; Data = data; Train = train; Validation = validation; Test = test; Scaler = scaler }

/// Validates `e`, loads and splits its data.
let prepare (e: Experiment) : Prepared =
    Validation.experiment e
    prepareOn e (load e)

/// Trains and evaluates a prepared experiment.
let train (p: Prepared) (onEpoch: Training.EpochStats -> unit) (cancel: CancellationToken) : Result =
    let e, data, train, validation, test = p.Experiment, p.Data, p.Train, p.Validation, p.Test
    let clock = Stopwatch.StartNew()
    let outcome =
        Training.train e (Dataset.classCount data) (withBias train) (Option.map withBias validation) onEpoch cancel
    let seconds = clock.Elapsed.TotalSeconds
    let predictions = Model.predict outcome.Weights outcome.Outputs (Matrix.appendOnes test.X)
    { Experiment = e
      Data = data
      Train = train
      Test = test
      Scaler = p.Scaler
      Outcome = outcome
      Predictions = predictions
      Report = Report.compute data.Classes test.Y predictions
      TrainSeconds = seconds }

/// Runs `e`: loads its data, trains, evaluates.
let run (e: Experiment) (onEpoch: Training.EpochStats -> unit) (cancel: CancellationToken) : Result =
    train (prepare e) onEpoch cancel

/// Runs `e` with no callback and no cancellation.
let quiet (e: Experiment) = run e ignore CancellationToken.None
