/// A sweep's results as JSON and back: what `sweep --json` prints, what a shard writes and what `merge` reads. The
/// table, CSV and charts are all built from entries read back from that JSON, so a merged sweep and a whole one go
/// through the same path and come out byte for byte the same.
module Descent.SweepResults

open System
open System.Collections.Generic
open System.IO
open System.Security.Cryptography
open System.Text
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

/// Which grid a result belongs to: its size and a hash of every configuration's settings, in order.
type GridId = { Size: int; Fingerprint: string }

/// A whole sweep (Shard = None) or the i-th of n slices of one.
type Part =
    { Grid: GridId
      Shard: (int * int) option
      Entries: Entry list }

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

let private prop (name: string) (e: JsonElement) = e.GetProperty name

let ofJson (run: JsonElement) : Entry =
    { Index = (prop "index" run).GetInt32()
      Run = run
      Settings = flatSettings (prop "settings" run)
      Losses = [| for v in (prop "losses" run).EnumerateArray() -> v.GetDouble() |]
      Stop = (prop "reason" (prop "stop" run)).GetString() |> nonNull
      Accuracy = (prop "accuracy" run).GetDouble()
      Seconds = (prop "trainSeconds" (prop "timings" run)).GetDouble() }

let private parse (json: string) =
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

let gridId (experiments: Experiment list) : GridId =
    let settings =
        Json.toText (fun w ->
            w.WriteStartArray()
            for e in experiments do
                w.WriteStartObject()
                Json.experiment w e
                w.WriteEndObject()
            w.WriteEndArray())
    { Size = experiments.Length
      Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes settings)).Substring(0, 16) }

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

/// The part (or whole sweep) as one JSON document.
let document (part: Part) : string =
    Json.toText (fun w ->
        w.WriteStartObject()
        w.WriteNumber("formatVersion", 1)
        w.WriteStartObject "grid"
        w.WriteNumber("size", part.Grid.Size)
        w.WriteString("fingerprint", part.Grid.Fingerprint)
        w.WriteEndObject()
        match part.Shard with
        | Some (i, n) ->
            w.WriteStartObject "shard"
            w.WriteNumber("index", i)
            w.WriteNumber("count", n)
            w.WriteEndObject()
        | None -> ()
        w.WriteStartArray "runs"
        for e in part.Entries do
            e.Run.WriteTo w
        w.WriteEndArray()
        w.WriteEndObject())

/// File name of the i-th of n parts.
let partFileName (index: int) (count: int) = $"sweep-part-{index}-of-{count}.json"

/// Reads a part written by `descent sweep --shard`; raises InputError naming the file when it is not one.
let readPart (path: string) : Part =
    let fail (why: string) = raise (InputError $"merge: {path} is not a part written by descent sweep --shard ({why})")
    try
        let root = parse (File.ReadAllText path)
        let grid = prop "grid" root
        let shard = prop "shard" root
        { Grid = { Size = (prop "size" grid).GetInt32(); Fingerprint = (prop "fingerprint" grid).GetString() |> nonNull }
          Shard = Some((prop "index" shard).GetInt32(), (prop "count" shard).GetInt32())
          Entries = [ for r in (prop "runs" root).EnumerateArray() -> ofJson r ] }
    with
    | :? JsonException as ex -> fail ex.Message
    | :? KeyNotFoundException -> fail "a field is missing"
    | :? InvalidOperationException
    | :? FormatException
    | :? IOException
    | :? UnauthorizedAccessException as ex -> fail ex.Message

/// Joins the parts of one sharded sweep (each with the path it came from) into the whole sweep. Refuses parts of
/// different grids or cut into different numbers of shards, a shard given twice and a missing shard.
let merge (parts: (string * Part) list) : Part =
    let shardOf (p: Part) = p.Shard |> Option.defaultValue (1, 1)
    match parts with
    | [] -> raise (InputError "merge: no parts given")
    | (firstPath, first) :: _ ->
        let count = snd (shardOf first)
        for path, p in parts do
            if p.Grid <> first.Grid then
                raise (InputError $"merge: {path} belongs to a different grid ({p.Grid.Size} configurations, fingerprint {p.Grid.Fingerprint}) than {firstPath} ({first.Grid.Size} configurations, fingerprint {first.Grid.Fingerprint}); merge the parts of one sweep only")
            let i, n = shardOf p
            if n <> count then
                raise (InputError $"merge: {path} is shard {i}/{n} but {firstPath} is shard {fst (shardOf first)}/{count}; merge parts cut into the same number of shards")
        let byShard = parts |> List.groupBy (snd >> shardOf >> fst) |> Map.ofList
        for KeyValue (i, holders) in byShard do
            if holders.Length > 1 then
                let paths = holders |> List.map fst |> String.concat " and "
                raise (InputError $"merge: shard {i}/{count} is given twice ({paths}); pass each part once")
        match [ 1 .. count ] |> List.filter (fun i -> not (byShard.ContainsKey i)) with
        | [] -> ()
        | missing ->
            let names = missing |> List.map (fun i -> $"{i}/{count}") |> String.concat ", "
            let what = if missing.Length = 1 then $"shard {names} is" else $"shards {names} are"
            raise (InputError $"merge: {what} missing (run descent sweep --shard with the same flags for each)")
        let entries = parts |> List.collect (fun (_, p) -> p.Entries) |> List.sortBy _.Index
        if List.map _.Index entries <> [ 1 .. first.Grid.Size ] then
            raise (InputError $"merge: the parts do not hold each of the grid's {first.Grid.Size} configurations exactly once")
        { Grid = first.Grid; Shard = None; Entries = entries }
