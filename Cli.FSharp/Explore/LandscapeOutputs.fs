/// What `descent landscape` writes: landscape.html (contours, paths, the 1-D line), landscape-3d.html (the surface
/// with the paths at their losses), landscape.csv and the JSON document.
module Descent.LandscapeOutputs

open System
open System.IO
open System.Text.Json
open Descent.Landscape

/// The names of the plane's two coordinates: the two weights, or α and β along the random directions.
let axisNames (r: Result) =
    match r.Settings.Plane with
    | Axes (i, j) ->
        let name = TrainingLoss.weightName r.Run.Schema r.Run.Outcome.Features r.Run.Outcome.Outputs
        name i, name j
    | RandomDirections _ -> "alpha", "beta"

/// Whether the finite losses span more than three orders of magnitude: the pages then draw log10(loss).
let logScaled (r: Result) =
    let finite = r.Grid |> Array.filter Double.IsFinite
    finite.Length > 0 && Array.min finite > 0.0 && Array.max finite / Array.min finite > 1000.0

let private shown (log: bool) (v: float) = if log then log10 v else v

/// Writes a number, or null for a value that is not finite (plotly.js leaves it blank).
let private number (w: Utf8JsonWriter) (v: float) = if Double.IsFinite v then w.WriteNumberValue v else w.WriteNullValue()

let private gridRows (w: Utf8JsonWriter) (r: Result) (f: float -> float) =
    w.WriteStartArray()
    for row in 0 .. r.B.Length - 1 do
        w.WriteStartArray()
        for k in 0 .. r.A.Length - 1 do
            number w (f r.Grid.[row * r.A.Length + k])
        w.WriteEndArray()
    w.WriteEndArray()

/// landscape.csv: one row per grid point, the axes named in the header.
let csv (r: Result) =
    let an, bn = axisNames r
    CsvText.ofRows
        [ an; bn; "loss" ]
        (seq {
            for row in 0 .. r.B.Length - 1 do
                for k in 0 .. r.A.Length - 1 do
                    [ PyFormat.roundTrip r.A.[k]; PyFormat.roundTrip r.B.[row]; PyFormat.roundTrip r.Grid.[row * r.A.Length + k] ]
        })

/// The --json document (see the issue: axes or directions, center, grid, paths, line).
let json (r: Result) =
    Json.toText (fun w ->
        w.WriteStartObject()
        match r.Settings.Plane with
        | Axes (i, j) ->
            w.WriteStartArray "axes"
            w.WriteNumberValue i
            w.WriteNumberValue j
            w.WriteEndArray()
        | RandomDirections seed ->
            w.WriteStartObject "directions"
            w.WriteNumber("seed", seed)
            Json.numbers w "u" r.U
            Json.numbers w "v" r.V
            w.WriteEndObject()
        let an, bn = axisNames r
        Json.strings w "axisNames" [ an; bn ]
        w.WriteString("centerAt", (match r.Settings.Center with FinalWeights -> "final" | InitialWeights -> "initial"))
        Json.numbers w "center" r.Center
        w.WriteStartObject "grid"
        Json.numbers w "a" r.A
        Json.numbers w "b" r.B
        w.WritePropertyName "loss"
        gridRows w r id
        w.WriteEndObject()
        w.WriteNumber("notFinite", r.NotFinite)
        w.WriteStartArray "paths"
        for p in r.Paths do
            w.WriteStartObject()
            w.WriteString("name", p.Name)
            w.WriteStartArray "points"
            for (a, b), loss in Array.zip p.Coordinates p.Losses do
                w.WriteStartArray()
                w.WriteNumberValue a
                w.WriteNumberValue b
                number w loss
                w.WriteEndArray()
            w.WriteEndArray()
            w.WriteEndObject()
        w.WriteEndArray()
        w.WriteStartArray "line"
        for t, loss in r.Line do
            w.WriteStartArray()
            w.WriteNumberValue t
            number w loss
            w.WriteEndArray()
        w.WriteEndArray()
        w.WriteEndObject())

let private title (r: Result) =
    let centre = match r.Settings.Center with FinalWeights -> "final" | InitialWeights -> "initial"
    let an, bn = axisNames r
    let plane =
        match r.Settings.Plane with
        | Axes _ -> $"over {an} and {bn}, the other weights at their {centre} values"
        | RandomDirections seed -> $"on two random directions (seed {seed}) through the {centre} weights"
    $"Training loss ({Names.lossName r.Run.Experiment.Loss}) {plane}"

let private markers = [| "circle"; "diamond"; "square"; "cross"; "triangle-up"; "x"; "star"; "pentagon" |]

/// landscape.html: the filled contours with each path (lines and markers, start and end marked), and beside it the
/// loss along the line from the initial to the final weights.
let contourPage (source: Charts.PlotlySource) (r: Result) =
    let log = logScaled r
    let an, bn = axisNames r
    let data =
        Json.toText (fun w ->
            w.WriteStartArray()
            w.WriteStartObject()
            w.WriteString("type", "contour")
            w.WriteString("name", "loss")
            Json.numbers w "x" r.A
            Json.numbers w "y" r.B
            w.WritePropertyName "z"
            gridRows w r (shown log)
            w.WriteString("colorscale", "Viridis")
            w.WriteNumber("ncontours", 30)
            w.WriteStartObject "colorbar"
            w.WriteString("title", (if log then "log10(loss)" else "loss"))
            w.WriteNumber("x", 0.56)
            w.WriteEndObject()
            w.WriteEndObject()
            r.Paths |> List.iteri (fun n p ->
                w.WriteStartObject()
                w.WriteString("type", "scatter")
                w.WriteString("mode", "lines+markers")
                w.WriteString("name", p.Name)
                Json.numbers w "x" (Array.map fst p.Coordinates)
                Json.numbers w "y" (Array.map snd p.Coordinates)
                w.WriteStartObject "marker"
                w.WriteString("symbol", markers.[n % markers.Length])
                w.WriteNumber("size", 5)
                w.WriteEndObject()
                w.WriteEndObject())
            for name, pick, symbol in [ "start", Array.head, "circle-open"; "end", Array.last, "star" ] do
                w.WriteStartObject()
                w.WriteString("type", "scatter")
                w.WriteString("mode", "markers")
                w.WriteString("name", name)
                Json.numbers w "x" [ for p in r.Paths -> fst (pick p.Coordinates) ]
                Json.numbers w "y" [ for p in r.Paths -> snd (pick p.Coordinates) ]
                w.WriteStartObject "marker"
                w.WriteString("symbol", symbol)
                w.WriteNumber("size", 14)
                w.WriteString("color", "black")
                w.WriteEndObject()
                w.WriteEndObject()
            w.WriteStartObject()
            w.WriteString("type", "scatter")
            w.WriteString("mode", "lines")
            w.WriteString("name", "initial → final")
            w.WriteString("xaxis", "x2")
            w.WriteString("yaxis", "y2")
            Json.numbers w "x" (Array.map fst r.Line)
            w.WriteStartArray "y"
            for _, loss in r.Line do
                number w loss
            w.WriteEndArray()
            w.WriteEndObject()
            w.WriteEndArray())
    let layout =
        Json.toText (fun w ->
            w.WriteStartObject()
            w.WriteString("title", title r)
            w.WriteStartObject "xaxis"
            w.WriteString("title", an)
            Json.numbers w "domain" [ 0.0; 0.52 ]
            w.WriteEndObject()
            w.WriteStartObject "yaxis"
            w.WriteString("title", bn)
            w.WriteEndObject()
            w.WriteStartObject "xaxis2"
            w.WriteString("title", "t: θ₀ + t·(θ* − θ₀)")
            Json.numbers w "domain" [ 0.68; 1.0 ]
            w.WriteString("anchor", "y2")
            w.WriteEndObject()
            w.WriteStartObject "yaxis2"
            w.WriteString("title", "loss along the line")
            w.WriteString("anchor", "x2")
            w.WriteEndObject()
            w.WriteStartObject "legend"
            w.WriteString("orientation", "h")
            w.WriteNumber("y", -0.15)
            w.WriteEndObject()
            w.WriteEndObject())
    Charts.page source 1300 650 data layout

/// landscape-3d.html: the surface, the lesson's bowl, with the paths drawn on it at their losses.
let surfacePage (source: Charts.PlotlySource) (r: Result) =
    let log = logScaled r
    let an, bn = axisNames r
    let data =
        Json.toText (fun w ->
            w.WriteStartArray()
            w.WriteStartObject()
            w.WriteString("type", "surface")
            w.WriteString("name", "loss")
            Json.numbers w "x" r.A
            Json.numbers w "y" r.B
            w.WritePropertyName "z"
            gridRows w r (shown log)
            w.WriteString("colorscale", "Viridis")
            w.WriteNumber("opacity", 0.9)
            w.WriteStartObject "colorbar"
            w.WriteString("title", (if log then "log10(loss)" else "loss"))
            w.WriteEndObject()
            w.WriteEndObject()
            for p in r.Paths do
                w.WriteStartObject()
                w.WriteString("type", "scatter3d")
                w.WriteString("mode", "lines+markers")
                w.WriteString("name", p.Name)
                Json.numbers w "x" (Array.map fst p.Coordinates)
                Json.numbers w "y" (Array.map snd p.Coordinates)
                w.WriteStartArray "z"
                for loss in p.Losses do
                    number w (shown log loss)
                w.WriteEndArray()
                w.WriteStartObject "marker"
                w.WriteNumber("size", 3)
                w.WriteEndObject()
                w.WriteEndObject()
            w.WriteEndArray())
    let layout =
        Json.toText (fun w ->
            w.WriteStartObject()
            w.WriteString("title", title r)
            w.WriteStartObject "legend"
            w.WriteNumber("x", 0.0)
            w.WriteNumber("y", 1.0)
            w.WriteEndObject()
            w.WriteStartObject "scene"
            for axis, name in [ "xaxis", an; "yaxis", bn; "zaxis", (if log then "log10(loss)" else "loss") ] do
                w.WriteStartObject axis
                w.WriteString("title", name)
                w.WriteEndObject()
            w.WriteEndObject()
            w.WriteEndObject())
    Charts.page source 1000 800 data layout

/// Writes landscape.csv and, unless `plots` is None, the two pages into `dir`; returns the paths written.
let writeFiles (dir: string) (plots: Charts.PlotlySource option) (r: Result) : string list =
    let path name = Path.Combine(dir, name)
    Files.writeText (path "landscape.csv") (csv r)
    match plots with
    | None -> [ path "landscape.csv" ]
    | Some source ->
        Files.writeText (path "landscape.html") (contourPage source r)
        Files.writeText (path "landscape-3d.html") (surfacePage source r)
        [ path "landscape.html"; path "landscape-3d.html"; path "landscape.csv" ]
