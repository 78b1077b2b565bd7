/// Sweep documents and the parts of sharded sweeps: what `sweep --json` prints, what `sweep --shard i/n` writes and
/// how `merge` joins the parts back into the whole.
module Descent.SweepParts

open System
open System.Collections.Generic
open System.IO
open System.Security.Cryptography
open System.Text
open System.Text.Json
open Descent.SweepResults

/// Which grid a result belongs to: its size and a hash of every configuration's settings, in order.
type GridId = { Size: int; Fingerprint: string }

/// A whole sweep (Shard = None) or the i-th of n slices of one.
type Part =
    { Grid: GridId
      Shard: (int * int) option
      Entries: Entry list }

/// The identity of a grid (its configurations, in order).
let gridId (experiments: Experiment list) : GridId =
    let settings =
        Json.toText (fun w ->
            w.WriteStartArray()
            for e in experiments do
                w.WriteStartObject()
                ExperimentJson.experiment w e
                w.WriteEndObject()
            w.WriteEndArray())
    { Size = experiments.Length
      Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes settings)).Substring(0, 16) }

/// Which sweep results belong to, as a part file and a journal's header both write it:
/// "grid":{"size":…,"fingerprint":"…"}, then "shard":{"index":i,"count":n} for shard i/n.
let writeIdentity (w: Utf8JsonWriter) (grid: GridId) (shard: (int * int) option) =
    w.WriteStartObject "grid"
    w.WriteNumber("size", grid.Size)
    w.WriteString("fingerprint", grid.Fingerprint)
    w.WriteEndObject()
    match shard with
    | Some (i, n) ->
        w.WriteStartObject "shard"
        w.WriteNumber("index", i)
        w.WriteNumber("count", n)
        w.WriteEndObject()
    | None -> ()

/// The "grid" that writeIdentity wrote into `root`.
let readGrid (root: JsonElement) : GridId =
    let grid = root.GetProperty "grid"
    { Size = grid.GetProperty("size").GetInt32(); Fingerprint = grid.GetProperty("fingerprint").GetString() |> nonNull }

/// The part (or whole sweep) as one JSON document.
let document (part: Part) : string =
    Json.toText (fun w ->
        w.WriteStartObject()
        w.WriteNumber("formatVersion", 1)
        writeIdentity w part.Grid part.Shard
        w.WriteStartArray "runs"
        for e in part.Entries do
            writeRun w e
        w.WriteEndArray()
        w.WriteEndObject())

/// File name of the i-th of n parts.
let partFileName (index: int) (count: int) = $"sweep-part-{index}-of-{count}.json"

/// Reads a part written by a sharded sweep; raises an InvalidFile problem naming the file when it is not one.
let readPart (path: string) : Part =
    let fail (why: string) = Fail.file SweepPart path $" is not a part written by {SweepShard.Token} ({why})"
    let text =
        try File.ReadAllText path
        with
        | :? IOException
        | :? UnauthorizedAccessException as ex -> fail $"cannot be read: {Files.causeOf ex}"
    try
        use doc = JsonDocument.Parse text
        let root = doc.RootElement
        let prop (name: string) (e: JsonElement) = e.GetProperty name
        let shard = prop "shard" root
        { Grid = readGrid root
          Shard = Some((prop "index" shard).GetInt32(), (prop "count" shard).GetInt32())
          Entries = [ for r in (prop "runs" root).EnumerateArray() -> readRun r ] }
    with
    | :? JsonException as ex -> fail (Json.invalid text ex)
    | :? KeyNotFoundException -> fail "a field is missing"
    | :? InvalidOperationException
    | :? FormatException
    | :? ArgumentException
    | :? NullReferenceException -> fail "a field holds a value of the wrong kind"

/// Joins the parts of one sharded sweep (each with the path it came from) into the whole sweep. Refuses parts of
/// different grids or cut into different numbers of shards, a shard given twice and a missing shard.
let merge (parts: (string * Part) list) : Part =
    let shardOf (p: Part) = p.Shard |> Option.defaultValue (1, 1)
    match parts with
    | [] -> Fail.input "merge: no parts given"
    | (firstPath, first) :: _ ->
        let count = snd (shardOf first)
        for path, p in parts do
            if p.Grid <> first.Grid then
                Fail.input $"merge: {path} belongs to a different grid ({p.Grid.Size} configurations, fingerprint {p.Grid.Fingerprint}) than {firstPath} ({first.Grid.Size} configurations, fingerprint {first.Grid.Fingerprint}); merge the parts of one sweep only"
            let i, n = shardOf p
            if n <> count then
                Fail.input $"merge: {path} is shard {i}/{n} but {firstPath} is shard {fst (shardOf first)}/{count}; merge parts cut into the same number of shards"
        let byShard = parts |> List.groupBy (snd >> shardOf >> fst) |> Map.ofList
        for KeyValue (i, holders) in byShard do
            if holders.Length > 1 then
                let paths = holders |> List.map fst |> String.concat " and "
                Fail.input $"merge: shard {i}/{count} is given twice ({paths}); pass each part once"
        match [ 1 .. count ] |> List.filter (fun i -> not (byShard.ContainsKey i)) with
        | [] -> ()
        | missing ->
            let names = missing |> List.map (fun i -> $"{i}/{count}") |> String.concat ", "
            let what = if missing.Length = 1 then $"shard {names} is" else $"shards {names} are"
            Fail.input $"merge: {what} missing (run {SweepShard.Token} with the same flags for each)"
        let entries = parts |> List.collect (fun (_, p) -> p.Entries) |> List.sortBy _.Index
        if List.map _.Index entries <> [ 1 .. first.Grid.Size ] then
            Fail.input $"merge: the parts do not hold each of the grid's {first.Grid.Size} configurations exactly once"
        { Grid = first.Grid; Shard = None; Entries = entries }
