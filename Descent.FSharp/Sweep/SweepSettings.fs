/// An experiment's settings as a sweep's table and sweep.csv show them: typed values under snake_case names, in the
/// order the run JSON writes them, with the settings that do not apply to a run left empty.
module Descent.SweepSettings

open System.Globalization

type SettingValue = ExperimentFields.FieldValue

/// The value as a table cell: numbers in shortest round-trip form, "" when absent.
let text (v: SettingValue) =
    match v with
    | ExperimentFields.Number x -> x.ToString("R", CultureInfo.InvariantCulture)
    | ExperimentFields.Count n -> string n
    | ExperimentFields.Name s -> s
    | ExperimentFields.Switch b -> if b then "true" else "false"
    | ExperimentFields.Absent -> ""

/// Every setting of `e` by its snake_case name, in the run JSON's order. Batch GD reads neither the batch size nor the
/// shuffle flag: a value there would read as a setting the run used.
let columns (e: Experiment) : (string * SettingValue) list =
    let readsBatches = Experiment.readsBatches e
    ExperimentFields.data e.Data @ ExperimentFields.training e
    |> List.map (fun (name, value) ->
        let applies = readsBatches || (name <> "batchSize" && name <> "shuffle")
        ExperimentFields.snakeCase name, (if applies then value else ExperimentFields.Absent))

/// The value of the setting `name` (Absent where the run has no such setting).
let valueOf (name: string) (settings: (string * SettingValue) list) =
    settings |> List.tryFind (fun (n, _) -> n = name) |> Option.map snd |> Option.defaultValue ExperimentFields.Absent

/// Names of the settings that take more than one value among the runs (a setting that does not apply to a run is no
/// value), in settings order but with alpha last, as it varies fastest in a grid; ["alpha"] when none varies.
let varying (runs: (string * SettingValue) list list) : string list =
    let names = runs |> List.collect (List.map fst) |> List.distinct
    let differs n = runs |> List.map (valueOf n) |> List.filter ((<>) ExperimentFields.Absent) |> List.distinct |> List.length > 1
    match List.filter differs names with
    | [] -> [ "alpha" ]
    | some -> List.filter ((<>) "alpha") some @ List.filter ((=) "alpha") some
