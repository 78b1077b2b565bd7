/// What `descent landscape` writes: landscape.html (contours, paths, the 1-D line), landscape-3d.html (the surface
/// with the paths drawn on it), landscape.csv and the JSON document.
module Descent.LandscapeOutputs

open System
open System.Text.Json
open Descent.Landscape

/// The names of the plane's two coordinates: the two weights, or α and β along the random directions.
let axisNames (r: Result) =
    match r.Settings.Plane with
    | Axes (i, j) when r.Run.Outcome.Sizes.Length > 2 -> $"w[{i}]", $"w[{j}]"
    | Axes (i, j) ->
        let name = TrainingLoss.weightName r.Run.Schema r.Run.Outcome.Features r.Run.Outcome.Outputs
        name i, name j
    | RandomDirections _ -> "alpha", "beta"
    | PrincipalComponents -> "PC1", "PC2"

/// Whether the finite losses span more than three orders of magnitude: the pages then draw log10(loss).
let logScaled (r: Result) =
    let finite = r.Grid |> Array.filter Double.IsFinite
    finite.Length > 0 && Array.min finite > 0.0 && Array.max finite / Array.min finite > 1000.0

let private shown (log: bool) (v: float) = if log then log10 v else v

/// The name of the loss as the pages draw it.
/// The plane's value at each point's projection, shown beside the run's own loss on the principal components' plane.
let private pcaPlaneLosses (r: Result) (p: Path) =
    match r.Settings.Plane with
    | PrincipalComponents -> Some p.PlaneLosses
    | _ -> None

let private scaleName (log: bool) = if log then "log10(loss)" else "loss"

let private gridRows (w: Utf8JsonWriter) (r: Result) (f: float -> float) =
    w.WriteStartArray()
    for row in 0 .. r.B.Length - 1 do
        w.WriteStartArray()
        for k in 0 .. r.A.Length - 1 do
            Json.finiteOrNull w (f r.Grid.[row * r.A.Length + k])
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
        | PrincipalComponents ->
            w.WriteStartObject "directions"
            w.WriteString("kind", "pca")
            Json.numbers w "u" r.U
            Json.numbers w "v" r.V
            w.WriteEndObject()
        // A network's shape, so a reader can split the flat weights into the layers' matrices (row-major, bias row last).
        if r.Run.Outcome.Sizes.Length > 2 then
            w.WriteStartObject "network"
            Json.numbers w "sizes" (Array.map float r.Run.Outcome.Sizes)
            w.WriteString("activation", Names.activationName r.Run.Experiment.Architecture.Activation)
            w.WriteEndObject()
        let an, bn = axisNames r
        Json.strings w "axisNames" [ an; bn ]
        w.WriteString("centerAt", Names.nameOf centerNames r.Settings.Center)
        Json.numbers w "center" r.Center
        w.WriteStartObject "grid"
        Json.numbers w "a" r.A
        Json.numbers w "b" r.B
        w.WritePropertyName "loss"
        gridRows w r id
        w.WriteEndObject()
        w.WriteNumber("notFinite", r.NotFinite)
        r.Paths |> Json.objects w "paths" (fun w p ->
            w.WriteString("name", p.Name)
            w.WriteStartArray "points"
            for (a, b), loss in Array.zip p.Coordinates p.Losses do
                w.WriteStartArray()
                w.WriteNumberValue a
                w.WriteNumberValue b
                Json.finiteOrNull w loss
                w.WriteEndArray()
            w.WriteEndArray()
            // The loss at each point's projection onto the plane, beside its own (how faithful the plane is).
            pcaPlaneLosses r p |> Option.iter (Json.finiteOrNulls w "planeLoss")
            // The next step from each point but the last, in parts (StepParts), in the plane's coordinates.
            p.Steps |> Json.objects w "steps" (fun w s ->
                w.WriteNumber("epoch", s.Epoch)
                for name, (a, b) in [ "gradient", s.Gradient; "momentum", s.Momentum; "scaling", s.Scaling; "step", s.Step ] do
                    Json.finiteOrNulls w name [ a; b ])
            p.Line |> Option.iter (fun line ->
                w.WriteStartArray "line"
                for t, loss in line do
                    w.WriteStartArray()
                    w.WriteNumberValue t
                    Json.finiteOrNull w loss
                    w.WriteEndArray()
                w.WriteEndArray()))
        w.WriteStartArray "line"
        for t, loss in r.Line do
            w.WriteStartArray()
            w.WriteNumberValue t
            Json.finiteOrNull w loss
            w.WriteEndArray()
        w.WriteEndArray()
        w.WriteEndObject())

let private title (r: Result) =
    let centre = Names.nameOf centerNames r.Settings.Center
    let an, bn = axisNames r
    let plane =
        match r.Settings.Plane with
        | Axes _ -> $"over {an} and {bn}, the other weights at their {centre} values"
        | RandomDirections seed when r.Run.Outcome.Sizes.Length > 2 ->
            $"on two filter-normalised random directions (seed {seed}) through the {centre} weights"
        | RandomDirections seed -> $"on two random directions (seed {seed}) through the {centre} weights"
        | PrincipalComponents -> $"on the trajectory's first two principal components through the {centre} weights"
    $"Training loss ({Names.lossName r.Run.Experiment.Loss}) {plane}"

let private markers = [| "circle"; "diamond"; "square"; "cross"; "triangle-up"; "x"; "star"; "pentagon" |]

/// The loss on the grid as a trace of `kind` (contour, surface), Viridis, with a colour bar; `fields` writes the
/// kind's own settings before the bar, `barX` places the bar.
let private gridTrace (w: Utf8JsonWriter) (r: Result) (log: bool) (kind: string) (fields: Utf8JsonWriter -> unit) (barX: float option) =
    w.WriteStartObject()
    w.WriteString("type", kind)
    w.WriteString("name", "loss")
    Json.numbers w "x" r.A
    Json.numbers w "y" r.B
    w.WritePropertyName "z"
    gridRows w r (shown log)
    w.WriteString("colorscale", "Viridis")
    fields w
    Json.nestedObject w "colorbar" (fun w ->
        w.WriteString("title", scaleName log)
        barX |> Option.iter (fun x -> w.WriteNumber("x", x)))
    w.WriteEndObject()

/// A path's coordinates on the plane, as a trace's x and y.
let private coordinates (w: Utf8JsonWriter) (points: (float * float) seq) =
    Json.numbers w "x" (Seq.map fst points)
    Json.numbers w "y" (Seq.map snd points)

/// landscape.html: the filled contours with each path (lines and markers, start and end marked), and beside it the
/// loss along the line from the initial to the final weights.
let contourFigure (r: Result) =
    let log = logScaled r
    let an, bn = axisNames r
    let traces (w: Utf8JsonWriter) =
        gridTrace w r log "contour" (fun w -> w.WriteNumber("ncontours", 30)) (Some 0.56)
        r.Paths |> List.iteri (fun n p ->
            let name = if (pcaPlaneLosses r p).IsSome then $"{p.Name} (hover: the run's loss | the plane's)" else p.Name
            PlotlyJson.trace w "scatter" "lines+markers" name (fun w ->
                coordinates w p.Coordinates
                pcaPlaneLosses r p |> Option.iter (fun plane ->
                    let text (own: float) (projected: float) = $"epoch loss {PyFormat.roundTrip own} | plane {PyFormat.roundTrip projected}"
                    Json.strings w "text" (Array.map2 text p.Losses plane |> List.ofArray))
                Json.nestedObject w "marker" (fun w ->
                    w.WriteString("symbol", markers.[n % markers.Length])
                    w.WriteNumber("size", 5))))
        for name, pick, symbol in [ "start", Array.head, "circle-open"; "end", Array.last, "star" ] do
            PlotlyJson.trace w "scatter" "markers" name (fun w ->
                coordinates w [ for p in r.Paths -> pick p.Coordinates ]
                Json.nestedObject w "marker" (fun w ->
                    w.WriteString("symbol", symbol)
                    w.WriteNumber("size", 14)
                    w.WriteString("color", "black")))
        let lines =
            if r.Paths |> List.forall _.Line.IsSome then [ for p in r.Paths -> $"line: {p.Name}", p.Line.Value ]
            else [ "initial → final", r.Line ]
        for name, line in lines do
            PlotlyJson.trace w "scatter" "lines" name (fun w ->
                PlotlyJson.onSecondAxes w
                Json.numbers w "x" (Array.map fst line)
                Json.finiteOrNulls w "y" (Array.map snd line))
    let layout (w: Utf8JsonWriter) =
        PlotlyJson.axis w "xaxis" an (fun w -> Json.numbers w "domain" [ 0.0; 0.52 ])
        PlotlyJson.axis w "yaxis" bn ignore
        PlotlyJson.axis w "xaxis2" "t: θ₀ + t·(θ* − θ₀)" (fun w ->
            Json.numbers w "domain" [ 0.68; 1.0 ]
            w.WriteString("anchor", "y2"))
        PlotlyJson.axis w "yaxis2" "loss along the line" (fun w -> w.WriteString("anchor", "x2"))
        Json.nestedObject w "legend" (fun w ->
            w.WriteString("orientation", "h")
            w.WriteNumber("y", -0.15))
    PlotlyPage.ofJson 1200 650 (title r) traces layout

/// landscape-3d.html: the surface, the lesson's bowl, with each path drawn on it. The surface is a slice of the loss
/// (the weights off the plane held at the centre), so a path's own loss lies above or below it wherever its other
/// weights differ from the centre's; the path is drawn at the surface's value at its projection (Path.PlaneLosses),
/// and its own loss is shown on hover, as the legend's title says.
let surfaceFigure (r: Result) =
    let log = logScaled r
    let an, bn = axisNames r
    let traces (w: Utf8JsonWriter) =
        gridTrace w r log "surface" (fun w -> w.WriteNumber("opacity", 0.9)) None
        for p in r.Paths do
            PlotlyJson.trace w "scatter3d" "lines+markers" p.Name (fun w ->
                coordinates w p.Coordinates
                Json.finiteOrNulls w "z" (Array.map (shown log) p.PlaneLosses)
                Json.finiteOrNulls w "customdata" p.Losses
                w.WriteString(
                    "hovertemplate",
                    an + " %{x:.4g}, " + bn + " %{y:.4g}<br>" + scaleName log + " on the surface: %{z:.4g}<br>"
                    + "loss at the path's own weights: %{customdata:.4g}")
                Json.nestedObject w "marker" (fun w -> w.WriteNumber("size", 3)))
    let layout (w: Utf8JsonWriter) =
        Json.nestedObject w "legend" (fun w ->
            w.WriteNumber("x", 0.0)
            w.WriteNumber("y", 1.0)
            Json.nestedObject w "title" (fun w ->
                w.WriteString("text", "paths drawn on the surface at their projections<br>(hover: the loss at the path's own weights)")))
        Json.nestedObject w "scene" (fun w ->
            for axis, name in [ "xaxis", an; "yaxis", bn; "zaxis", scaleName log ] do
                PlotlyJson.axis w axis name ignore
            // Seen from the side of low b rather than plotly.js's default (high a, high b): on the lesson's plane the
            // paths then run down toward the viewer from the plateau they start on, instead of behind its ridge.
            Json.nestedObject w "camera" (fun w ->
                Json.nestedObject w "eye" (fun w ->
                    w.WriteNumber("x", 1.45)
                    w.WriteNumber("y", -1.45)
                    w.WriteNumber("z", 1.3))))
    PlotlyPage.ofJson 1000 800 (title r) traces layout

/// The files writeFiles writes, by name: the table, then the pages.
let fileNames = [ "landscape.csv"; "landscape.html"; "landscape-3d.html" ]

/// Writes landscape.csv and, unless `plots` is None, the two pages into `dir`; returns the paths written.
let writeFiles (dir: string) (plots: PlotlyJs.Source option) (r: Result) : string list =
    let pages = [ "landscape.html", (fun () -> contourFigure r); "landscape-3d.html", (fun () -> surfaceFigure r) ]
    ChartFiles.writeTableAndPages dir ("landscape.csv", csv r) pages plots
