/// What `descent lr-find` writes: lr-find.csv, lr-find.html (loss against rate, log axis, suggestions marked) and
/// the JSON document.
module Descent.LrFindOutputs

open System
open System.Text.Json
open Descent.LrFind

let csv (r: Result) =
    CsvText.ofRows
        [ "step"; "rate"; "loss"; "smoothed_loss" ]
        (r.Points |> Seq.map (fun p -> [ string p.Step; PyFormat.roundTrip p.Rate; PyFormat.roundTrip p.Loss; PyFormat.roundTrip p.Smoothed ]))

let json (r: Result) =
    Json.toText (fun w ->
        w.WriteStartObject()
        w.WriteNumber("suggested", r.Steepest)
        w.WriteNumber("minimumOver10", r.MinimumOver10)
        w.WriteNumber("minLr", r.Settings.MinRate)
        w.WriteNumber("maxLr", r.Settings.MaxRate)
        w.WriteNumber("steps", r.Settings.Steps)
        w.WriteBoolean("stoppedEarly", r.StoppedEarly)
        r.Points |> Json.objects w "points" (fun w p ->
            w.WriteNumber("step", p.Step)
            w.WriteNumber("rate", p.Rate)
            w.WritePropertyName "loss"
            Json.finiteOrNull w p.Loss
            w.WritePropertyName "smoothed"
            Json.finiteOrNull w p.Smoothed)
        w.WriteEndObject())

/// The smoothed loss at the point nearest `rate` (for the suggestions' markers).
let private smoothedAt (r: Result) (rate: float) =
    let p = r.Points |> Array.minBy (fun p -> abs (log p.Rate - log rate))
    p.Smoothed

/// lr-find.html: the batch loss and the smoothed loss against the rate, and the two suggestions marked.
let figure (r: Result) =
    let traces (w: Utf8JsonWriter) =
        for name, values, mode in [ "batch loss", (r.Points |> Array.map _.Loss), "markers"; "smoothed loss", (r.Points |> Array.map _.Smoothed), "lines" ] do
            PlotlyJson.trace w "scatter" mode name (fun w ->
                Json.numbers w "x" (r.Points |> Array.map _.Rate)
                Json.finiteOrNulls w "y" values
                if mode = "markers" then
                    Json.nestedObject w "marker" (fun w ->
                        w.WriteNumber("size", 4)
                        w.WriteNumber("opacity", 0.4)))
        for name, rate, symbol in
            [ $"suggested (steepest): {r.Steepest:G3}", r.Steepest, "star"; $"minimum / 10: {r.MinimumOver10:G3}", r.MinimumOver10, "diamond" ] do
            PlotlyJson.trace w "scatter" "markers" name (fun w ->
                Json.numbers w "x" [ rate ]
                Json.finiteOrNulls w "y" [ smoothedAt r rate ]
                Json.nestedObject w "marker" (fun w ->
                    w.WriteString("symbol", symbol)
                    w.WriteNumber("size", 16)))
    let finite = r.Points |> Array.map _.Smoothed |> Array.filter Double.IsFinite
    let layout (w: Utf8JsonWriter) =
        PlotlyJson.axis w "xaxis" "Learning rate (log scale)" (fun w -> w.WriteString("type", "log"))
        PlotlyJson.axis w "yaxis" "Batch loss" (fun w ->
            if finite.Length > 0 then
                // The blow-up at the end would flatten the rest: the axis stops a little above 4× the minimum.
                let lo, hi = Array.min finite, min (Array.max finite) (StopFactor * Array.min finite)
                Json.numbers w "range" [ lo - 0.05 * (hi - lo); hi + 0.1 * (hi - lo) + 1e-12 ])
    PlotlyPage.ofJson 1000 550 "Learning-rate range test" traces layout

/// The files writeFiles writes, by name: the table, then the page.
let fileNames = [ "lr-find.csv"; "lr-find.html" ]

/// Writes lr-find.csv and, unless `plots` is None, lr-find.html into `dir`; returns the paths written.
let writeFiles (dir: string) (plots: PlotlyJs.Source option) (r: Result) : string list =
    ChartFiles.writeTableAndPages dir ("lr-find.csv", csv r) [ "lr-find.html", (fun () -> figure r) ] plots
