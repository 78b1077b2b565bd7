/// What a sweep shows and leaves behind: the terminal table, sweep.csv and the two charts, built from its entries.
module Descent.SweepOutputs

open System
open System.Globalization
open System.IO
open Descent.SweepResults

let private roundTrip (v: float) = if Double.IsNaN v then "" else PyFormat.roundTrip v

/// sweep.csv: one row per configuration, the settings that vary and the results. No timings, so the file is the same
/// whatever the number of jobs or shards. `names` are the settings shown (those that vary in the grid).
let csvOf (names: string list) (entries: Entry list) : string =
    let header = [ "index" ] @ names @ [ "final_loss"; "best_epoch"; "best_loss"; "epochs"; "stop"; "test_accuracy" ]
    let row (e: Entry) =
        [ string e.Index ]
        @ List.map (fun n -> setting n e) names
        @ [ roundTrip (finalLoss e); string (bestEpoch e); roundTrip (bestLoss e); string e.Losses.Length; Names.stopName e.Stop; PyFormat.roundTrip e.Accuracy ]
    CsvText.ofRows header (Seq.map row entries)

/// sweep.csv with the settings that vary among the entries.
let csv (entries: Entry list) : string = csvOf (varying entries) entries

let private short (v: float) = if Double.IsNaN v then "-" else v.ToString("G7", CultureInfo.InvariantCulture)

/// The table printed in the terminal: the named settings, final loss, best epoch, test accuracy, training time.
let tableOf (names: string list) (entries: Entry list) : string =
    let header = [ "#" ] @ names @ [ "final loss"; "best epoch"; "test accuracy"; "time (ms)"; "stop" ]
    let rows =
        entries
        |> List.map (fun e ->
            [ string e.Index ]
            @ List.map (fun n -> match setting n e with "" -> "-" | v -> v) names
            @ [ short (finalLoss e); string (bestEpoch e); PyFormat.fixedPoint 4 e.Accuracy; PyFormat.fixedPoint 1 (1000.0 * e.Seconds); Names.stopName e.Stop ])
    let widths = header |> List.mapi (fun i h -> rows |> List.fold (fun w r -> max w (List.item i r).Length) h.Length)
    let last = header.Length - 1
    let line (cells: string list) =
        let padded = List.mapi2 (fun i (c: string) w -> if i = last then c else c.PadLeft w) cells widths
        String.concat "  " padded + "\n"
    line header + (rows |> List.map line |> String.concat "")

/// The table with the settings that vary among the entries.
let table (entries: Entry list) = tableOf (varying entries) entries

/// One loss curve per configuration, named by the settings that vary.
let lossChart (entries: Entry list) =
    let names = varying entries
    SweepCharts.loss [ for e in entries -> (match label names e with "" -> $"#{e.Index}" | l -> l), e.Losses ]

/// Test accuracy against alpha, one line per combination of the other settings that vary.
let accuracyChart (entries: Entry list) =
    let others = varying entries |> List.filter ((<>) "alpha")
    entries
    |> List.groupBy (label others)
    |> List.map (fun (name, group) ->
        (if name = "" then "all configurations" else name),
        [| for e in group -> e.Experiment.Alpha, e.Accuracy |])
    |> SweepCharts.accuracyByAlpha

/// The final loss and accuracy over the initial-weight seeds, one box per combination of the other settings that
/// vary (SweepCharts.seedDistributions); the losses of diverged runs are left out.
let seedChart (entries: Entry list) =
    let others = varying entries |> List.filter ((<>) "init_seed")
    entries
    |> List.groupBy (label others)
    |> List.map (fun (name, group) ->
        (if name = "" then "all seeds" else name),
        [| for e in group do if e.Losses.Length > 0 then Array.last e.Losses |],
        [| for e in group -> e.Accuracy |])
    |> SweepCharts.seedDistributions

/// The files a whole sweep writes, by name: sweep.csv, then the charts (sweep-seeds.html when the initial-weight
/// seed varies).
let fileNames = [ "sweep.csv"; "sweep-loss.html"; "sweep-accuracy.html"; "sweep-seeds.html" ]

/// Writes sweep.csv (with the settings `names`) and (unless `plots` is None) sweep-loss.html and sweep-accuracy.html
/// into `dir`; returns the paths.
let writeFilesOf (names: string list) (dir: string) (plots: PlotlyJs.Source option) (entries: Entry list) : string list =
    let seeds = if List.contains "init_seed" (varying entries) then [ "sweep-seeds.html", (fun () -> seedChart entries) ] else []
    let pages = [ "sweep-loss.html", (fun () -> lossChart entries); "sweep-accuracy.html", (fun () -> accuracyChart entries) ] @ seeds
    let table = Path.Combine(dir, "sweep.csv")
    Files.writeText table (csvOf names entries)
    match plots with
    | None -> [ table ]
    | Some source -> table :: ChartFiles.writePages dir source pages

/// writeFilesOf with the settings that vary among the entries.
let writeFiles (dir: string) (plots: PlotlyJs.Source option) (entries: Entry list) : string list =
    writeFilesOf (varying entries) dir plots entries
