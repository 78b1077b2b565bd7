/// What `descent lr-find` writes: lr-find.csv, lr-find.html (loss against rate, log axis, suggestions marked) and
/// the JSON document.
module Descent.LrFindOutputs

open System
open System.IO
open Descent.LrFind

let private number (w: System.Text.Json.Utf8JsonWriter) (v: float) = if Double.IsFinite v then w.WriteNumberValue v else w.WriteNullValue()

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
        w.WriteStartArray "points"
        for p in r.Points do
            w.WriteStartObject()
            w.WriteNumber("step", p.Step)
            w.WriteNumber("rate", p.Rate)
            w.WritePropertyName "loss"
            number w p.Loss
            w.WritePropertyName "smoothed"
            number w p.Smoothed
            w.WriteEndObject()
        w.WriteEndArray()
        w.WriteEndObject())

/// The smoothed loss at the point nearest `rate` (for the suggestions' markers).
let private smoothedAt (r: Result) (rate: float) =
    let p = r.Points |> Array.minBy (fun p -> abs (log p.Rate - log rate))
    p.Smoothed

let page (source: Charts.PlotlySource) (r: Result) =
    let data =
        Json.toText (fun w ->
            w.WriteStartArray()
            for name, values, mode in [ "batch loss", (r.Points |> Array.map _.Loss), "markers"; "smoothed loss", (r.Points |> Array.map _.Smoothed), "lines" ] do
                w.WriteStartObject()
                w.WriteString("type", "scatter")
                w.WriteString("mode", mode)
                w.WriteString("name", name)
                Json.numbers w "x" (r.Points |> Array.map _.Rate)
                w.WriteStartArray "y"
                for v in values do
                    number w v
                w.WriteEndArray()
                if mode = "markers" then
                    w.WriteStartObject "marker"
                    w.WriteNumber("size", 4)
                    w.WriteNumber("opacity", 0.4)
                    w.WriteEndObject()
                w.WriteEndObject()
            for name, rate, symbol in
                [ $"suggested (steepest): {r.Steepest:G3}", r.Steepest, "star"; $"minimum / 10: {r.MinimumOver10:G3}", r.MinimumOver10, "diamond" ] do
                w.WriteStartObject()
                w.WriteString("type", "scatter")
                w.WriteString("mode", "markers")
                w.WriteString("name", name)
                Json.numbers w "x" [ rate ]
                w.WriteStartArray "y"
                number w (smoothedAt r rate)
                w.WriteEndArray()
                w.WriteStartObject "marker"
                w.WriteString("symbol", symbol)
                w.WriteNumber("size", 16)
                w.WriteEndObject()
                w.WriteEndObject()
            w.WriteEndArray())
    let finite = r.Points |> Array.map _.Smoothed |> Array.filter Double.IsFinite
    let layout =
        Json.toText (fun w ->
            w.WriteStartObject()
            w.WriteString("title", "Learning-rate range test")
            w.WriteStartObject "xaxis"
            w.WriteString("title", "Learning rate (log scale)")
            w.WriteString("type", "log")
            w.WriteEndObject()
            w.WriteStartObject "yaxis"
            w.WriteString("title", "Batch loss")
            if finite.Length > 0 then
                // The blow-up at the end would flatten the rest: the axis stops a little above 4× the minimum.
                let lo, hi = Array.min finite, min (Array.max finite) (StopFactor * Array.min finite)
                Json.numbers w "range" [ lo - 0.05 * (hi - lo); hi + 0.1 * (hi - lo) + 1e-12 ]
            w.WriteEndObject()
            w.WriteEndObject())
    Charts.page source 1000 550 data layout

/// Writes lr-find.csv and, unless `plots` is None, lr-find.html into `dir`; returns the paths written.
let writeFiles (dir: string) (plots: Charts.PlotlySource option) (r: Result) : string list =
    let path name = Path.Combine(dir, name)
    Files.writeText (path "lr-find.csv") (csv r)
    match plots with
    | None -> [ path "lr-find.csv" ]
    | Some source ->
        Files.writeText (path "lr-find.html") (page source r)
        [ path "lr-find.html"; path "lr-find.csv" ]
