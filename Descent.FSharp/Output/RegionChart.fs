/// data.html for a network: its decision regions, a filled map of the predicted class over the plane of the first two
/// features (the others at their mean over the test rows), under the test points; replayed epoch by epoch like the
/// linear model's boundary when the run recorded its weights.
module Descent.RegionChart

open System
open System.Text.Json
open Descent.Core

/// Points per side of the map.
[<Literal>]
let Resolution = 60

/// At most this many replay frames (each carries a whole map).
[<Literal>]
let ReplayFrames = 100

/// The map's axes (Resolution values each, the points' range with a 5% margin) and the rows it predicts: x0 along
/// the first axis, x1 along the second, the other features at their mean, the bias column 1.
let grid (test: LabelledRows) : float[] * float[] * Matrix =
    let d = test.Features
    let axis j =
        let c = Matrix.column test.X j
        let lo, hi = (if c.Length = 0 then -1.0, 1.0 else Array.min c, Array.max c)
        let pad = max (0.05 * (hi - lo)) 0.5e-3
        Array.init Resolution (fun i -> lo - pad + (hi - lo + 2.0 * pad) * float i / float (Resolution - 1))
    let xs = axis 0
    let ys = if d > 1 then axis 1 else [| 0.0 |]
    let means = Array.init d (fun j -> if j < 2 || test.X.Rows = 0 then 0.0 else Array.average (Matrix.column test.X j))
    let rows = xs.Length * ys.Length
    let data = Array.zeroCreate (rows * (d + 1))
    for r in 0 .. ys.Length - 1 do
        for k in 0 .. xs.Length - 1 do
            let i = r * xs.Length + k
            for j in 0 .. d - 1 do
                data.[j * rows + i] <- (if j = 0 then xs.[k] elif j = 1 then ys.[r] else means.[j])
            data.[d * rows + i] <- 1.0
    xs, ys, { Data = data; Rows = rows; Cols = d + 1 }

/// The predicted class at every point of the map, row by row (the second feature's values).
let predicted (layout: NetworkLayout) (activation: ActivationKind) (loss: LossKind) (xs: float[]) (ys: float[]) (rows: Matrix) (w: float[]) =
    let classes = Network.predict layout activation loss w rows
    Array.init ys.Length (fun r -> Array.sub classes (r * xs.Length) xs.Length)

let private classRows (w: Utf8JsonWriter) (z: int[][]) =
    w.WriteStartArray "z"
    for row in z do
        w.WriteStartArray()
        for c in row do
            w.WriteNumberValue c
        w.WriteEndArray()
    w.WriteEndArray()

let private palette = [| "#1f77b4"; "#ff7f0e"; "#2ca02c"; "#d62728"; "#9467bd"; "#8c564b"; "#e377c2"; "#7f7f7f"; "#bcbd22"; "#17becf" |]

/// The figure: the map (trace 0), one trace of test points per class, and with `recorded` weights the loss so far on
/// a second plot with one frame per chosen epoch (the map and the curve move), a slider and play/pause.
let figure (units: string) (schema: Schema) (test: LabelledRows) (layout: NetworkLayout)
         (activation: ActivationKind) (loss: LossKind) (weights: float[]) (losses: float[]) (recorded: (int * float[])[]) : PlotlyPage.Figure =
    let xs, ys, rows = grid test
    let classes = schema.Classes.Length
    let colour c = palette.[c % palette.Length]
    let axis (name: string) = if units = "" then name else $"{name} ({units})"
    let replay = recorded.Length > 0
    let chosen = Replay.evenlySpaced ReplayFrames recorded
    let frameName (epoch: int) = $"epoch {epoch}"
    let traces (w: Utf8JsonWriter) =
        PlotlyJson.trace w "heatmap" "" "predicted class" (fun w ->
            Json.numbers w "x" xs
            Json.numbers w "y" ys
            classRows w (predicted layout activation loss xs ys rows weights)
            w.WriteNumber("zmin", -0.5)
            w.WriteNumber("zmax", float classes - 0.5)
            // One flat colour per class: each class owns an equal band of the scale.
            w.WriteStartArray "colorscale"
            for c in 0 .. classes - 1 do
                for edge in [ float c / float classes; float (c + 1) / float classes ] do
                    w.WriteStartArray()
                    w.WriteNumberValue edge
                    w.WriteStringValue(colour c)
                    w.WriteEndArray()
            w.WriteEndArray()
            w.WriteNumber("opacity", 0.35)
            w.WriteBoolean("showscale", false)
            w.WriteBoolean("showlegend", true))
        let x0 = Matrix.column test.X 0
        let x1 = if test.Features > 1 then Matrix.column test.X 1 else Array.zeroCreate test.X.Rows
        for c in 0 .. classes - 1 do
            let idx = [| for i in 0 .. test.Y.Length - 1 do if test.Y.[i] = c then i |]
            PlotlyJson.trace w "scatter" "markers" $"class {schema.Classes.[c]}" (fun w ->
                Json.numbers w "x" (Array.map (fun i -> x0.[i]) idx)
                Json.numbers w "y" (Array.map (fun i -> x1.[i]) idx)
                Json.nestedObject w "marker" (fun w ->
                    w.WriteString("color", colour c)
                    w.WriteNumber("size", 6)
                    Json.nestedObject w "line" (fun w ->
                        w.WriteString("color", "white")
                        w.WriteNumber("width", 0.5))))
        if replay then
            PlotlyJson.trace w "scatter" "lines" "loss so far" (fun w ->
                PlotlyJson.onSecondAxes w
                Json.numbers w "x" (Seq.init losses.Length (fun i -> float (i + 1)))
                Json.finiteOrNulls w "y" losses)
    let layoutFields (w: Utf8JsonWriter) =
        w.WriteNumber("width", 1180)
        w.WriteNumber("height", 600)
        PlotlyJson.axis w "xaxis" (axis schema.FeatureNames.[0]) (fun w ->
            Json.numbers w "range" [ xs.[0]; Array.last xs ]
            if replay then Json.numbers w "domain" [ 0.0; 0.58 ])
        PlotlyJson.axis w "yaxis" (if test.Features > 1 then axis schema.FeatureNames.[1] else "") (fun w ->
            Json.numbers w "range" [ ys.[0]; Array.last ys ])
        if replay then
            PlotlyJson.axis w "xaxis2" "Epoch #" (fun w ->
                Json.numbers w "domain" [ 0.68; 1.0 ]
                w.WriteString("anchor", "y2"))
            PlotlyJson.axis w "yaxis2" "Loss so far" (fun w -> w.WriteString("anchor", "x2"))
            let step (w: Utf8JsonWriter) (label: string) (frames: Utf8JsonWriter -> unit) (duration: int) (fromCurrent: bool) =
                w.WriteStartObject()
                w.WriteString("label", label)
                w.WriteString("method", "animate")
                w.WriteStartArray "args"
                frames w
                w.WriteStartObject()
                if fromCurrent then w.WriteBoolean("fromcurrent", true) else w.WriteString("mode", "immediate")
                Json.nestedObject w "frame" (fun w ->
                    w.WriteNumber("duration", duration)
                    w.WriteBoolean("redraw", true))
                Json.nestedObject w "transition" (fun w -> w.WriteNumber("duration", 0))
                w.WriteEndObject()
                w.WriteEndArray()
                w.WriteEndObject()
            w.WriteStartArray "sliders"
            w.WriteStartObject()
            w.WriteNumber("active", chosen.Length - 1)
            w.WriteNumber("x", 0.1)
            w.WriteNumber("y", -0.1)
            w.WriteNumber("len", 0.9)
            w.WriteStartArray "steps"
            for epoch, _ in chosen do
                step w (frameName epoch) (fun w -> w.WriteStartArray(); w.WriteStringValue(frameName epoch); w.WriteEndArray()) 0 false
            w.WriteEndArray()
            w.WriteEndObject()
            w.WriteEndArray()
            w.WriteStartArray "updatemenus"
            w.WriteStartObject()
            w.WriteString("type", "buttons")
            w.WriteNumber("x", 0.0)
            w.WriteNumber("y", -0.1)
            w.WriteString("xanchor", "left")
            w.WriteString("yanchor", "top")
            w.WriteStartArray "buttons"
            step w "Play" (fun w -> w.WriteNullValue()) 80 true
            step w "Pause" (fun w -> w.WriteStartArray(); w.WriteNullValue(); w.WriteEndArray()) 0 false
            w.WriteEndArray()
            w.WriteEndObject()
            w.WriteEndArray()
    let title =
        if test.Features > 2 then "Test data and the network's decision regions (first two features; the others at their mean)"
        else "Test data and the network's decision regions"
    let still = PlotlyPage.ofJson 1180 600 title traces layoutFields
    if not replay then still
    else
        let frames =
            Json.toText (fun w ->
                w.WriteStartArray()
                for epoch, wt in chosen do
                    w.WriteStartObject()
                    w.WriteString("name", frameName epoch)
                    w.WriteStartArray "data"
                    w.WriteStartObject()
                    classRows w (predicted layout activation loss xs ys rows wt)
                    w.WriteEndObject()
                    w.WriteStartObject()
                    Json.numbers w "x" (Seq.init epoch (fun i -> float (i + 1)))
                    Json.finiteOrNulls w "y" losses.[.. epoch - 1]
                    w.WriteEndObject()
                    w.WriteEndArray()
                    Json.numbers w "traces" [ 0.0; float (classes + 1) ]
                    w.WriteEndObject()
                w.WriteEndArray())
        { still with Frames = (System.Text.Json.Nodes.JsonNode.Parse(frames) |> nonNull).AsArray() }
