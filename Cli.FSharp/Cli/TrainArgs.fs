/// The flags of `descent train`: the command line as data, one case per flag, each usage line showing its default.
module Descent.Cli.TrainArgs

open Argu
open Descent
open Descent.Cli.CliErrors

/// train's defaults, read by both the usage lines and the code: the lesson's experiment and the command's own.
module Defaults =
    let experiment = Experiment.lesson
    let printEvery = 5
    let out = "out"
    let stepDecay = 0.5
    let stepEvery = 10
    let invScalingDecay = 0.01

let private lesson = Defaults.experiment
let private scheduleNames =
    String.concat ", " (List.take (Names.schedules.Length - 1) Names.schedules) + " or " + List.last Names.schedules

type TrainArgs =
    | Dataset of string
    | Samples of int
    | Features of int
    | Centers of int
    | Cluster_Std of float
    | Data_Seed of int64
    | Noise of float
    | Factor of float
    | Csv of path: string
    | Label of column: string
    | Delimiter of string
    | No_Header
    | Drop_Missing
    | Scale of string
    | Test_Size of float
    | Split_Seed of int64
    | Validation_Fraction of float
    | Init_Seed of int64
    | Epochs of int
    | Alpha of float
    | Optimizer of string
    | Batch_Size of int
    | Shuffle
    | Momentum of float
    | Nesterov
    | L2 of float
    | Loss of string
    | Schedule of string
    | Decay of float
    | Step_Every of int
    | Target_Loss of float
    | Patience of int
    | Min_Delta of float
    | Threads of int
    | Dtype of string
    | Print_Every of int
    | Out of dir: string
    | Save_Model of file: string
    | Json
    | Record_Weights
    | No_Plots
    | Plotly_Js of source: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Dataset _ -> "blobs (make_blobs), moons (make_moons), circles (make_circles) or csv (--csv FILE) (default: blobs, or csv when --csv is given)."
            | Samples _ -> DataFlags.Usage.samples
            | Features _ -> DataFlags.Usage.features
            | Centers _ -> DataFlags.Usage.centers
            | Cluster_Std _ -> DataFlags.Usage.clusterStd
            | Data_Seed _ -> DataFlags.Usage.dataSeed
            | Noise _ -> DataFlags.Usage.noise
            | Factor _ -> DataFlags.Usage.factor
            | Csv _ -> "CSV file to train on (.csv, or .csv.gz); implies --dataset csv (default: none)."
            | Label _ -> "csv: the label column, a header name or a 0-based index (default: the last column)."
            | Delimiter _ -> "csv: field delimiter, one character or 'tab' (default: ,)."
            | No_Header -> "csv: the first row is data (default: a header is detected: a row with a non-numeric feature cell)."
            | Drop_Missing -> "csv: skip rows with an empty cell instead of refusing the file (default: off)."
            | Scale _ -> "feature scaling fitted on the training rows: none, standard or minmax (default: standard for csv, none for generated data)."
            | Test_Size _ -> $"fraction of rows held out for testing, in (0, 1) (default: {lesson.TestSize})."
            | Split_Seed _ -> $"train_test_split random_state (default: {lesson.SplitSeed})."
            | Validation_Fraction _ -> $"fraction of the training rows held out for a validation curve, in [0, 1) (default: {lesson.ValidationFraction})."
            | Init_Seed _ -> $"seed of W = randn(d, K) (default: {lesson.InitSeed})."
            | Epochs _ -> $"epochs to train, >= 1 (default: {lesson.Epochs})."
            | Alpha _ -> $"learning rate, > 0 (default: {lesson.Alpha})."
            | Optimizer _ -> $"gd (batch gradient descent) or sgd (mini-batches) (default: {Names.optimizerName lesson.Optimizer})."
            | Batch_Size _ -> $"rows per mini-batch for sgd, >= 1 (default: {lesson.BatchSize})."
            | Shuffle -> "reshuffle the training rows every epoch (sgd) (default: off, as in the lesson)."
            | Momentum _ -> $"momentum mu in [0, 1): v <- mu*v - alpha*g; W += v (default: {lesson.Momentum})."
            | Nesterov -> "Nesterov momentum: W += mu*v - alpha*g (needs --momentum > 0) (default: off)."
            | L2 _ -> $"L2 penalty lambda >= 0 on the weights, bias excluded (default: {lesson.L2})."
            | Loss _ -> $"sse (sum of squared errors, the lesson's) or logloss (binary cross-entropy) (default: {Names.lossName lesson.Loss})."
            | Schedule _ -> $"learning-rate schedule: {scheduleNames} (default: {Names.scheduleName lesson.Schedule})."
            | Decay _ -> $"decay of the step (alpha*decay^floor(e/step_every)) or invscaling (alpha/(1+decay*e)) schedule (default: {Defaults.stepDecay} for step, {Defaults.invScalingDecay} for invscaling)."
            | Step_Every _ -> $"epochs between steps of the step schedule (default: {Defaults.stepEvery})."
            | Target_Loss _ -> "stop once the epoch loss is <= this (default: off)."
            | Patience _ -> "stop when the loss has not improved by --min-delta in this many epochs (default: off)."
            | Min_Delta _ -> $"improvement that resets --patience (default: {lesson.MinDelta})."
            | Threads _ -> $"threads for the gradient; results do not depend on it (default: all cores, {System.Environment.ProcessorCount})."
            | Dtype _ -> $"float64 or float32 arithmetic for training (default: {Names.precisionName lesson.Precision})."
            | Print_Every _ -> $"print the loss at epoch 1 and every N epochs (default: {Defaults.printEvery})."
            | Out _ -> $"folder for loss.html, data.html, losses.csv and model.json (default: {Defaults.out})."
            | Save_Model _ -> "also write the model (as model.json) to this file, for descent predict (default: only --out/model.json)."
            | Json -> "print one JSON object (losses, weights, report, ...) instead of text (default: off)."
            | Record_Weights -> "add every epoch's weights to the JSON history (data.html's replay and descent landscape's paths use them) (default: off)."
            | No_Plots -> "do not write the HTML charts (default: off)."
            | Plotly_Js _ -> "cdn, or a plotly.js 2.x file (e.g. plotly.min.js of plotly.js-dist-min@2.35.3) inlined so the charts work offline (default: cdn)."

/// The epochs whose weights a run keeps: every one with --record-weights; without it, as many as data.html's replay
/// shows when the charts are written; none otherwise.
let weightRecord (args: ParseResults<TrainArgs>) (e: Experiment) : Training.WeightRecord =
    if args.Contains Record_Weights then Training.EveryEpoch
    elif args.Contains No_Plots then Training.NoWeights
    else Training.EveryNth(max 1 ((e.Epochs + Charts.ReplayFrames - 1) / Charts.ReplayFrames))

/// The Experiment the flags describe (unset flags take the lesson's values).
let experiment (args: ParseResults<TrainArgs>) : Experiment =
    let schedule =
        match (args.GetResult(Schedule, defaultValue = Names.scheduleName lesson.Schedule)).Trim().ToLowerInvariant() with
        | "constant" -> Constant
        | "step" -> Step(args.GetResult(Decay, defaultValue = Defaults.stepDecay), args.GetResult(Step_Every, defaultValue = Defaults.stepEvery))
        | "invscaling" -> InvScaling(args.GetResult(Decay, defaultValue = Defaults.invScalingDecay))
        | other -> raise (FlagError $"""--schedule must be one of {String.concat ", " Names.schedules} (got '{other}')""")
    let data =
        DataFlags.spec
            [ "blobs"; "moons"; "circles"; "csv" ]
            { Dataset = args.TryGetResult Dataset
              Samples = args.TryGetResult Samples
              Features = args.TryGetResult Features
              Centers = args.TryGetResult Centers
              ClusterStd = args.TryGetResult Cluster_Std
              Seed = args.TryGetResult Data_Seed
              Noise = args.TryGetResult Noise
              Factor = args.TryGetResult Factor
              Csv = args.TryGetResult Csv
              Label = args.TryGetResult Label
              Delimiter = args.TryGetResult Delimiter
              NoHeader = args.Contains No_Header
              DropMissing = args.Contains Drop_Missing }
    let defaultScale =
        match data with
        | DataSpec.Csv _ -> Standard
        | _ -> NoScaling
    { lesson with
        Data = data
        Scale = args.TryGetResult Scale |> Option.map (Choices.parse "--scale" Names.scalings) |> Option.defaultValue defaultScale
        TestSize = args.GetResult(Test_Size, defaultValue = lesson.TestSize)
        SplitSeed = args.GetResult(Split_Seed, defaultValue = lesson.SplitSeed)
        ValidationFraction = args.GetResult(Validation_Fraction, defaultValue = lesson.ValidationFraction)
        InitSeed = args.GetResult(Init_Seed, defaultValue = lesson.InitSeed)
        Epochs = args.GetResult(Epochs, defaultValue = lesson.Epochs)
        Alpha = args.GetResult(Alpha, defaultValue = lesson.Alpha)
        Optimizer = args.TryGetResult Optimizer |> Option.map (Choices.parse "--optimizer" Names.optimizers) |> Option.defaultValue lesson.Optimizer
        BatchSize = args.GetResult(Batch_Size, defaultValue = lesson.BatchSize)
        Shuffle = args.Contains Shuffle
        Momentum = args.GetResult(Momentum, defaultValue = lesson.Momentum)
        Nesterov = args.Contains Nesterov
        L2 = args.GetResult(L2, defaultValue = lesson.L2)
        Loss = args.TryGetResult Loss |> Option.map (Choices.parse "--loss" Names.losses) |> Option.defaultValue lesson.Loss
        Schedule = schedule
        TargetLoss = args.TryGetResult Target_Loss
        Patience = args.TryGetResult Patience
        MinDelta = args.GetResult(Min_Delta, defaultValue = lesson.MinDelta)
        Threads = args.GetResult(Threads, defaultValue = System.Environment.ProcessorCount)
        Precision = args.TryGetResult Dtype |> Option.map (Choices.parse "--dtype" Names.precisions) |> Option.defaultValue lesson.Precision }
