/// What a finished run leaves behind: its JSON, losses.csv, model.json and the charts.
module Descent.Outputs

open System.IO
open System.Text.Json
open Descent.Training

/// One line saying why training stopped and when, in the library's terms (the command line words it with its flags).
let stopMessage (r: Run.TrainedRun) =
    let o = r.Outcome
    let e = r.Experiment
    match o.Stop with
    | EpochLimit -> $"stopped at epoch {o.Epochs}: all {e.Epochs} epochs trained"
    | TargetReached -> $"stopped at epoch {o.Epochs}: loss {PyFormat.fixedPoint 7 o.History.Losses.[o.Epochs - 1]} <= the target loss {e.TargetLoss.Value}"
    | NoImprovement -> $"stopped at epoch {o.Epochs}: no improvement of {e.MinDelta} in {e.Patience.Value} epochs"
    | Diverged ->
        let last =
            if o.Epochs = 0 then "no epoch finished before it"
            else $"last finite loss {o.History.Losses.[o.Epochs - 1]:R} at epoch {o.Epochs}"
        $"training diverged at epoch {o.DivergedAt.Value}: the loss or the weights became NaN or infinite ({last}); try a smaller learning rate (now {e.Alpha})"
    | Interrupted -> $"interrupted after epoch {o.Epochs}; the finished epochs were kept"

/// Weights as the run JSON writes them: a linear model's (Json.weights), or a network's list of layer matrices, each
/// (n_{l−1} + 1) rows of n_l values, the bias row last.
let writeWeights (w: Utf8JsonWriter) (name: string) (o: Outcome) (values: float[]) =
    match Outcome.layout o with
    | None -> Json.weights w name o.Features o.Outputs values
    | Some layout -> Json.layers w name (Network.layers layout values)

/// The run's fields, written into an open JSON object.
let writeRun (w: Utf8JsonWriter) (r: Run.TrainedRun) =
    let o = r.Outcome
    let h = o.History
    ExperimentJson.experiment w r.Experiment
    Json.strings w "featureNames" r.Schema.FeatureNames
    Json.strings w "classes" r.Schema.Classes
    writeWeights w "initialWeights" o o.InitialWeights
    writeWeights w "weights" o o.Weights
    w.WriteNumber("zeroWeights", o.ZeroWeights)
    Json.numbers w "losses" h.Losses
    // With --record-weights (EveryEpoch) History.Weights holds epoch i + 1's weights at i.
    let everyEpoch = o.Recorded = EveryEpoch
    w.WriteStartArray "history"
    for i in 0 .. h.Losses.Length - 1 do
        w.WriteStartObject()
        w.WriteNumber("epoch", i + 1)
        w.WriteNumber("loss", h.Losses.[i])
        w.WriteNumber("rate", h.Rates.[i])
        if h.ValidationLosses.Length > 0 then
            w.WriteNumber("validationLoss", h.ValidationLosses.[i])
            w.WriteNumber("validationAccuracy", h.ValidationAccuracies.[i])
        if everyEpoch then writeWeights w "weights" o (snd h.Weights.[i])
        w.WriteEndObject()
    w.WriteEndArray()
    w.WriteStartObject "stop"
    w.WriteString("reason", Names.stopName o.Stop)
    w.WriteNumber("epoch", (match o.DivergedAt with Some e -> e | None -> o.Epochs))
    w.WriteString("message", stopMessage r)
    w.WriteEndObject()
    w.WriteNumber("accuracy", r.Report.Accuracy)
    ExperimentJson.report w r.Report

/// The run's wall-clock timings as an object named "timings" (kept apart: everything else is reproducible).
let writeTimings (w: Utf8JsonWriter) (r: Run.TrainedRun) =
    w.WriteStartObject "timings"
    w.WriteNumber("trainSeconds", r.TrainSeconds)
    w.WriteNumber("loadSeconds", r.LoadSeconds)
    w.WriteNumber("splitSeconds", r.SplitSeconds)
    w.WriteEndObject()

/// The run as one JSON object; wall-clock timings sit apart under "timings".
let json (r: Run.TrainedRun) =
    Json.toText (fun w ->
        w.WriteStartObject()
        writeRun w r
        writeTimings w r
        w.WriteEndObject())

/// losses.csv: epoch,loss (plus the validation columns when there is a validation set).
let lossesCsv (h: History) =
    let withValidation = h.ValidationLosses.Length > 0
    let header = [ "epoch"; "loss" ] @ (if withValidation then [ "validation_loss"; "validation_accuracy" ] else [])
    let row i =
        [ string (i + 1); PyFormat.roundTrip h.Losses.[i] ]
        @ (if withValidation then [ PyFormat.roundTrip h.ValidationLosses.[i]; PyFormat.roundTrip h.ValidationAccuracies.[i] ] else [])
    CsvText.ofRows header (Seq.init h.Losses.Length row)

/// How data.html names the units of scaled features.
let private scaledUnits (s: Scaling) =
    match s with
    | NoScaling -> ""
    | Standard -> "standardized"
    | MinMax -> "min-max scaled"

/// The files writeFiles writes, by name: losses.csv, model.json, then the charts.
let fileNames = [ "losses.csv"; "model.json"; "loss.html"; "data.html" ]

/// Writes losses.csv of the run into `dir` and returns its path: all a diverged run keeps.
let writeLosses (dir: string) (r: Run.TrainedRun) : string =
    let path = Path.Combine(dir, "losses.csv")
    Files.writeText path (lossesCsv r.Outcome.History)
    path

/// Writes the run's files into `dir` (the pages unless `plots` is None, loading plotly.js from that source; data.html
/// draws `test`, the run's test rows); returns the paths written.
let writeFiles (dir: string) (plots: PlotlyJs.Source option) (test: LabelledRows) (r: Run.TrainedRun) : string list =
    let path name = Path.Combine(dir, name)
    writeLosses dir r |> ignore
    Files.writeText (path "model.json") (ModelFile.json r)
    let o = r.Outcome
    let loss () = LossChart.figure o.History.Losses o.History.ValidationLosses o.History.ValidationAccuracies
    let data () =
        let still = DataChart.figure (scaledUnits r.Experiment.Scale) r.Schema test o.Weights o.Outputs
        // The replay needs the recorded epochs' weights (Training.EveryNth or EveryEpoch).
        if o.History.Weights.Length = 0 then still
        else Replay.onto still test o.Outputs r.Schema.Classes.Length o.History.Losses o.History.Weights
    let pages =
        match plots with
        | None -> []
        // data.html draws a linear model's boundary; a network's decision regions are not drawn yet.
        | Some source when o.Sizes.Length > 0 -> ChartFiles.writePages dir source [ "loss.html", loss ]
        | Some source -> ChartFiles.writePages dir source [ "loss.html", loss; "data.html", data ]
    [ path "losses.csv"; path "model.json" ] @ pages
