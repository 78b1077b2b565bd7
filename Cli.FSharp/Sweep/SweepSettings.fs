/// An experiment's settings as a sweep's table and sweep.csv show them: typed values under snake_case names, in the
/// order the run JSON writes them, with the settings that do not apply to a run left empty.
module Descent.SweepSettings

open System.Globalization
open Descent.Core

/// One setting's value, typed until it is printed.
type SettingValue =
    | Number of float
    | Count of int64
    | Name of string
    | Switch of bool
    /// The setting does not apply to the run (batch GD's batch size) or is not set (no target loss).
    | Absent

/// The value as a table cell: numbers in shortest round-trip form, "" when absent.
let text (v: SettingValue) =
    match v with
    | Number x -> x.ToString("R", CultureInfo.InvariantCulture)
    | Count n -> string n
    | Name s -> s
    | Switch b -> if b then "true" else "false"
    | Absent -> ""

let private dataColumns (d: DataSpec) =
    match d with
    | Blobs b ->
        [ "dataset", Name "blobs"
          "samples", Count b.Samples
          "features", Count b.Features
          "centers", Count b.Centers
          "cluster_std", Number b.ClusterStd
          "data_seed", Count b.Seed ]
    | Moons m -> [ "dataset", Name "moons"; "samples", Count m.Samples; "noise", Number m.Noise; "data_seed", Count m.Seed ]
    | Circles c ->
        [ "dataset", Name "circles"
          "samples", Count c.Samples
          "noise", Number c.Noise
          "factor", Number c.Factor
          "data_seed", Count c.Seed ]
    | Csv c ->
        [ "dataset", Name "csv"
          "csv", Name c.Path
          "label", (match c.Label with Some l -> Name l | None -> Absent)
          "delimiter", Name(string c.Delimiter)
          "no_header", Switch c.NoHeader
          "drop_missing", Switch c.DropMissing ]

/// Every setting of `e` by name. Batch GD reads neither the batch size nor the shuffle flag: a value there would
/// read as a setting the run used.
let columns (e: Experiment) : (string * SettingValue) list =
    let batchOnly v = if Experiment.readsBatches e then v else Absent
    dataColumns e.Data
    @ [ "test_size", Number e.TestSize
        "split_seed", Count e.SplitSeed
        "validation_fraction", Number e.ValidationFraction
        "init_seed", Count e.InitSeed
        "epochs", Count e.Epochs
        "alpha", Number e.Alpha
        "optimizer", Name(Names.optimizerName e.Optimizer)
        "batch_size", batchOnly (Count e.BatchSize)
        "shuffle", batchOnly (Switch e.Shuffle)
        "momentum", Number e.Momentum
        "nesterov", Switch e.Nesterov
        "l2", Number e.L2
        "l1", Number e.L1
        "elastic_net", (match e.ElasticNet with Some n -> Number n.Lambda | None -> Absent)
        "l1_ratio", (match e.ElasticNet with Some n -> Number n.L1Ratio | None -> Absent)
        "class_weight", Name(ClassWeights.format e.ClassWeight)
        "loss", Name(Names.lossName e.Loss)
        "schedule", Name(Names.scheduleName e.Schedule) ]
    @ (match e.Schedule with
       | Constant -> []
       | Step (decay, every) -> [ "decay", Number decay; "step_every", Count every ]
       | InvScaling decay -> [ "decay", Number decay ])
    @ [ "target_loss", (match e.TargetLoss with Some t -> Number t | None -> Absent)
        "patience", (match e.Patience with Some p -> Count p | None -> Absent)
        "min_delta", Number e.MinDelta
        "dtype", Name(Names.precisionName e.Precision)
        "scale", Name(Names.scalingName e.Scale) ]

/// The value of the setting `name` (Absent where the run has no such setting).
let valueOf (name: string) (settings: (string * SettingValue) list) =
    settings |> List.tryFind (fun (n, _) -> n = name) |> Option.map snd |> Option.defaultValue Absent

/// Names of the settings that take more than one value among the runs (a setting that does not apply to a run is no
/// value), in settings order but with alpha last, as it varies fastest in a grid; ["alpha"] when none varies.
let varying (runs: (string * SettingValue) list list) : string list =
    let names = runs |> List.collect (List.map fst) |> List.distinct
    let differs n = runs |> List.map (valueOf n) |> List.filter ((<>) Absent) |> List.distinct |> List.length > 1
    match List.filter differs names with
    | [] -> [ "alpha" ]
    | some -> List.filter ((<>) "alpha") some @ List.filter ((=) "alpha") some
