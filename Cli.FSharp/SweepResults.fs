/// A sweep's results, one entry per configuration, kept as the run's JSON object and read back from it: the table, CSV
/// and charts are all built from entries parsed from JSON, so a merged sweep and a whole one go through the same path
/// and come out byte for byte the same.
module Descent.SweepResults

open System
open System.Text.Json
open System.Text.RegularExpressions

/// One configuration: its run object (train's --json fields plus "index") and the parts the table shows.
type Entry =
    { /// 1-based position in the grid.
      Index: int
      Run: JsonElement
      /// The settings flattened to (snake_case name, text); "" where a setting does not apply.
      Settings: (string * string) list
      Losses: float[]
      Stop: string
      Accuracy: float
      Seconds: float }

let private snake (name: string) = Regex.Replace(name, "([a-z0-9])([A-Z])", "$1_$2").ToLowerInvariant()

let private text (v: JsonElement) =
    match v.ValueKind with
    | JsonValueKind.String -> v.GetString() |> nonNull
    | JsonValueKind.Null -> ""
    | _ -> v.GetRawText()

/// The "settings" object flattened: the data set's fields, then the training settings, named in snake_case.
let flatSettings (settings: JsonElement) : (string * string) list =
    let pairs =
        [ for p in settings.EnumerateObject() do
              if p.Value.ValueKind = JsonValueKind.Object then
                  for q in p.Value.EnumerateObject() -> snake q.Name, text q.Value
              else
                  yield snake p.Name, text p.Value ]
    // Batch GD reads neither; a value there would read as a setting the run used.
    if List.contains ("optimizer", "gd") pairs then
        pairs |> List.map (fun (n, v) -> if n = "batch_size" || n = "shuffle" then n, "" else n, v)
    else
        pairs

let setting (name: string) (e: Entry) =
    e.Settings |> List.tryFind (fun (n, _) -> n = name) |> Option.map snd |> Option.defaultValue ""

let prop (name: string) (e: JsonElement) = e.GetProperty name

let ofJson (run: JsonElement) : Entry =
    { Index = (prop "index" run).GetInt32()
      Run = run
      Settings = flatSettings (prop "settings" run)
      Losses = [| for v in (prop "losses" run).EnumerateArray() -> v.GetDouble() |]
      Stop = (prop "reason" (prop "stop" run)).GetString() |> nonNull
      Accuracy = (prop "accuracy" run).GetDouble()
      Seconds = (prop "trainSeconds" (prop "timings" run)).GetDouble() }

/// Parses JSON text into a root element that outlives the document.
let parse (json: string) =
    use doc = JsonDocument.Parse json
    doc.RootElement.Clone()

/// The entry of the configuration at 1-based position `index`.
let ofResult (index: int) (r: Run.Result) : Entry =
    Json.toText (fun w ->
        w.WriteStartObject()
        w.WriteNumber("index", index)
        Outputs.writeRun w r
        Outputs.writeTimings w r
        w.WriteEndObject())
    |> parse
    |> ofJson

/// Entries of results in grid order (positions 1, 2, …).
let ofResults (results: Run.Result list) : Entry list = List.mapi (fun i r -> ofResult (i + 1) r) results

/// The final loss (the last finite epoch's; NaN when none finished).
let finalLoss (e: Entry) = if e.Losses.Length = 0 then nan else e.Losses.[e.Losses.Length - 1]

/// The 1-based epoch of the lowest loss (0 when none finished).
let bestEpoch (e: Entry) =
    if e.Losses.Length = 0 then 0 else 1 + Array.findIndex ((=) (Array.min e.Losses)) e.Losses

let bestLoss (e: Entry) = if e.Losses.Length = 0 then nan else Array.min e.Losses

/// An experiment's settings as an entry holds them.
let settingsOf (e: Experiment) : (string * string) list =
    Json.toText (fun w ->
        w.WriteStartObject()
        Json.experiment w e
        w.WriteEndObject())
    |> parse
    |> prop "settings"
    |> flatSettings

/// Names of the settings that take more than one value among the runs (a setting that does not apply to a run is no
/// value), in settings order but with alpha last, as it varies fastest in a grid; ["alpha"] when none varies.
let varyingSettings (runs: (string * string) list list) : string list =
    let value n (settings: (string * string) list) =
        settings |> List.tryFind (fun (m, _) -> m = n) |> Option.map snd |> Option.defaultValue ""
    let names = runs |> List.collect (List.map fst) |> List.distinct
    let differs n = runs |> List.map (value n) |> List.filter ((<>) "") |> List.distinct |> List.length > 1
    match List.filter differs names with
    | [] -> [ "alpha" ]
    | some -> List.filter ((<>) "alpha") some @ List.filter ((=) "alpha") some

/// The settings that vary among the entries (see varyingSettings).
let varying (entries: Entry list) = varyingSettings (List.map _.Settings entries)

/// "alpha=0.1, optimizer=sgd, batch_size=32": the named settings that apply to the entry.
let label (names: string list) (e: Entry) =
    names
    |> List.choose (fun n -> match setting n e with "" -> None | v -> Some $"{n}={v}")
    |> String.concat ", "
