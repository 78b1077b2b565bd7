/// A sweep's results, one typed entry per configuration. A whole sweep builds its entries from the runs; a merge
/// reads them from the parts' JSON. The table, sweep.csv and the charts are computed from entries alone, and a part
/// stores each run's JSON object as `train --json` writes it, so a merged sweep and a whole one write the same bytes.
module Descent.SweepResults

open System.Text.Json
open Descent.SweepSettings

/// Where an entry's run JSON comes from.
type RunRecord =
    /// A run of this process: its JSON is written from it when a file or --json needs it.
    | Trained of Run.TrainedRun
    /// A run read from a part file: its JSON object as it was written.
    | Stored of JsonElement

/// One configuration of a sweep.
type Entry =
    { /// 1-based position in the grid.
      Index: int
      Experiment: Experiment
      /// The settings as the table shows them (SweepSettings.columns of the experiment).
      Settings: (string * SettingValue) list
      /// Losses of the epochs that finished with a finite loss.
      Losses: float[]
      Stop: StopReason
      Accuracy: float
      /// Wall-clock training time (not in sweep.csv: it differs from run to run).
      Seconds: float
      Record: RunRecord }

/// The entry of the configuration at 1-based position `index`.
let ofRun (index: int) (r: Run.TrainedRun) : Entry =
    { Index = index
      Experiment = r.Experiment
      Settings = columns r.Experiment
      Losses = r.Outcome.History.Losses
      Stop = r.Outcome.Stop
      Accuracy = r.Report.Accuracy
      Seconds = r.TrainSeconds
      Record = Trained r }

/// Entries of runs in grid order (positions 1, 2, …).
let ofRuns (runs: Run.TrainedRun list) : Entry list = List.mapi (fun i r -> ofRun (i + 1) r) runs

/// The run's JSON object (train --json's fields plus "index", timings under "timings") into an open writer.
let writeRun (w: Utf8JsonWriter) (e: Entry) =
    match e.Record with
    | Stored element -> element.WriteTo w
    | Trained r ->
        w.WriteStartObject()
        w.WriteNumber("index", e.Index)
        Outputs.writeRun w r
        Outputs.writeTimings w r
        w.WriteEndObject()

/// Reads an entry from a run object written by writeRun. Raises KeyNotFoundException, InvalidOperationException or
/// FormatException when it is not one.
let readRun (run: JsonElement) : Entry =
    let prop (name: string) (e: JsonElement) = e.GetProperty name
    let experiment = ExperimentJson.read (prop "settings" run)
    let stopName = (prop "reason" (prop "stop" run)).GetString() |> nonNull
    { Index = (prop "index" run).GetInt32()
      Experiment = experiment
      Settings = columns experiment
      Losses = [| for v in (prop "losses" run).EnumerateArray() -> v.GetDouble() |]
      Stop =
        match Names.tryParse Names.stopReasons stopName with
        | Some s -> s
        | None -> raise (System.FormatException $"unknown stop reason '{stopName}'")
      Accuracy = (prop "accuracy" run).GetDouble()
      Seconds = (prop "trainSeconds" (prop "timings" run)).GetDouble()
      Record = Stored(run.Clone()) }

/// The final loss (the last finite epoch's; NaN when none finished).
let finalLoss (e: Entry) = if e.Losses.Length = 0 then nan else e.Losses.[e.Losses.Length - 1]

/// The 1-based epoch of the lowest loss (0 when none finished).
let bestEpoch (e: Entry) =
    if e.Losses.Length = 0 then 0 else 1 + Array.findIndex ((=) (Array.min e.Losses)) e.Losses

let bestLoss (e: Entry) = if e.Losses.Length = 0 then nan else Array.min e.Losses

/// The cell of setting `name` for the entry ("" where it does not apply).
let setting (name: string) (e: Entry) = text (valueOf name e.Settings)

/// The settings that vary among the entries (see SweepSettings.varying).
let varying (entries: Entry list) = SweepSettings.varying (List.map _.Settings entries)

/// "alpha=0.1, optimizer=sgd, batch_size=32": the named settings that apply to the entry.
let label (names: string list) (e: Entry) =
    names
    |> List.choose (fun n -> match setting n e with "" -> None | v -> Some $"{n}={v}")
    |> String.concat ", "
