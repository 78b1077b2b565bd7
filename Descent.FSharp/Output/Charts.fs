/// Charts with XPlot.Plotly, saved as standalone HTML pages.
module Descent.Charts

open System
open System.IO
open System.Text.Json
open XPlot.Plotly

/// Where a page gets plotly.js: the CDN (XPlot's default) or the contents of a local file, inlined.
type PlotlySource =
    | Cdn
    | InlineFile of path: string

let private cdnTag = """<script src="https://cdn.plot.ly/plotly-latest.min.js"></script>"""

/// A page that loads plotly.js from the CDN, made to get it from `source`.
let private withPlotly (source: PlotlySource) (page: string) : string =
    match source with
    | Cdn -> page
    | InlineFile path ->
        // "</script" inside the library would end the tag early; "<\/script" is the same string to JavaScript.
        let js = File.ReadAllText(path).Replace("</script", "<\\/script")
        page.Replace(cdnTag, "<script>" + js + "</script>")

/// The chart as a full HTML page.
let html (source: PlotlySource) (chart: PlotlyChart) : string =
    // XPlot names the plot's element with a fresh GUID; a fixed name makes the same chart the same file.
    chart.Id <- "chart"
    withPlotly source (chart.GetHtml())

/// A page of one plot whose traces and layout are written as JSON (for charts XPlot has no types for: contours,
/// surfaces, frames); the same shape as XPlot's pages ("var data = […]; var layout = {"title": …};"). `traces` writes
/// the traces into the data array, `layoutFields` the layout's fields after its title.
let page (source: PlotlySource) (width: int) (height: int) (title: string) (traces: Utf8JsonWriter -> unit) (layoutFields: Utf8JsonWriter -> unit) : string =
    let data =
        Json.toText (fun w ->
            w.WriteStartArray()
            traces w
            w.WriteEndArray())
    let layout =
        Json.toText (fun w ->
            w.WriteStartObject()
            w.WriteString("title", title)
            layoutFields w
            w.WriteEndObject())
    withPlotly source $"""<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8" />
        {cdnTag}
    </head>
    <body>
        <div id="chart" style="width: {width}px; height: {height}px;"></div>
        <script>
            var data = {data};
            var layout = {layout};
            Plotly.newPlot('chart', data, layout);
        </script>
    </body>
</html>
"""

/// Epoch against loss ("Training Loss", as in the lesson); with a validation curve, its mean loss per row and its
/// accuracy on a second axis (both of the order of 1, where the training loss is a sum over the rows).
let loss (losses: float[]) (validationLosses: float[]) (validationAccuracies: float[]) : PlotlyChart =
    let epochs = [| 1 .. losses.Length |]
    let train = Scatter(x = epochs, y = losses, mode = "lines", name = "training loss")
    let validation =
        if validationLosses.Length = 0 then
            []
        else
            [ Scatter(x = epochs, y = validationLosses, mode = "lines", name = "validation loss (mean per row)", yaxis = "y2")
              Scatter(x = epochs, y = validationAccuracies, mode = "lines", name = "validation accuracy", yaxis = "y2") ]
    let layout =
        Layout(
            title = "Training Loss",
            xaxis = Xaxis(title = "Epoch #"),
            yaxis = Yaxis(title = "Loss"))
    if validationLosses.Length > 0 then
        layout.yaxis2 <- Yaxis(title = "Validation: loss (mean per row) and accuracy", overlaying = "y", side = "right")
    Chart.Plot(train :: validation, layout)

/// Each unit's decision boundary for `weights` as (xs, ys), one per unit, in unit order, over the points of `ds`
/// (see data). A unit whose boundary does not cross the plot (all its feature weights zero) has empty arrays, so the
/// traces keep their places in every frame of the replay.
let boundaries (ds: LabelledRows) (weights: float[]) (outputs: int) : (float[] * float[]) list =
    let d = ds.Features
    let xs = Matrix.column ds.X 0
    if xs.Length = 0 then
        List.replicate outputs ([||], [||])
    elif d = 1 then
        let ys = Array.map float ds.Y
        let lo, hi = Array.min ys - 0.5, Array.max ys + 0.5
        [ for k in 0 .. outputs - 1 do
              let w0, b = weights.[k * 2], weights.[k * 2 + 1]
              if w0 <> 0.0 then
                  let x = -b / w0
                  [| x; x |], [| lo; hi |]
              else
                  [||], [||] ]
    else
        let ys = Matrix.column ds.X 1
        let lo, hi = Array.min xs, Array.max xs
        let means = Array.init d (fun j -> if j < 2 then 0.0 else Array.average (Matrix.column ds.X j))
        [ for k in 0 .. outputs - 1 do
              let w = weights.[k * (d + 1) .. k * (d + 1) + d]
              // The bias plus the other features' share at their means.
              let offset = w.[d] + Seq.sum (seq { for j in 2 .. d - 1 -> w.[j] * means.[j] })
              if w.[1] <> 0.0 then
                  let at x = -(w.[0] * x + offset) / w.[1]
                  [| lo; hi |], [| at lo; at hi |]
              elif w.[0] <> 0.0 then
                  // A vertical boundary: x0 = −offset / w0 across the points' range of x1.
                  let x = -offset / w.[0]
                  [| x; x |], [| Array.min ys; Array.max ys |]
              else
                  [||], [||] ]

/// Test points coloured by class with each unit's decision boundary (one for two classes; one-vs-rest for more).
/// Two features: the lines w0·x0 + w1·x1 + b = 0. More: the first two features, and the lines where the other
/// features sit at their mean over the points. One feature: x0 against the class, and the thresholds x0 = −b/w0.
/// `units` qualifies the axis titles when the features were scaled (e.g. "standardized"; "" when not).
/// The traces are the classes' points, then one boundary per unit (see boundaries).
let data (units: string) (schema: Schema) (ds: LabelledRows) (weights: float[]) (outputs: int) : PlotlyChart =
    let d = ds.Features
    let xs = Matrix.column ds.X 0
    let ys = if d > 1 then Matrix.column ds.X 1 else Array.map float ds.Y
    let axis (name: string) = if units = "" then name else $"{name} ({units})"
    let points =
        schema.Classes
        |> Array.mapi (fun c name ->
            let idx = [| for i in 0 .. ds.Y.Length - 1 do if ds.Y.[i] = c then i |]
            Scatter(x = Array.map (fun i -> xs.[i]) idx, y = Array.map (fun i -> ys.[i]) idx, mode = "markers", name = $"class {name}")
            :> Trace)
        |> List.ofArray
    let lineName k = if outputs = 1 then "decision boundary" else $"boundary {schema.Classes.[k]} vs rest"
    let lines =
        boundaries ds weights outputs
        |> List.mapi (fun k (bx, by) -> Scatter(x = bx, y = by, mode = "lines", name = lineName k) :> Trace)
    let title =
        match d with
        | 1 -> "Test data and decision threshold"
        | 2 -> "Test data and decision boundary"
        | _ -> "Test data and decision boundary (first two features; the others at their mean)"
    let layout =
        Layout(
            title = title,
            xaxis = Xaxis(title = axis schema.FeatureNames.[0]),
            yaxis =
                Yaxis(
                    title = (if d > 1 then axis schema.FeatureNames.[1] else "class"),
                    range = (if ys.Length = 0 then [||] else [| Array.min ys - 1.0; Array.max ys + 1.0 |])))
    Chart.Plot(points @ lines, layout)

/// At most `most` of `items`, evenly spaced, always the first and the last.
let evenlySpaced (most: int) (items: 'a[]) : 'a[] =
    if items.Length <= most then
        items
    else
        Array.init most (fun i -> items.[int (round (float i * float (items.Length - 1) / float (most - 1)))]) |> Array.distinct

/// Frames the replay shows at most.
[<Literal>]
let ReplayFrames = 200

/// The script that turns data.html into a replay: the loss so far on a second plot at the right, one Plotly frame per
/// recorded epoch (at most ReplayFrames, evenly spaced, the first and the last always) moving the boundaries and the
/// loss curve, a slider with one step per frame and a play/pause button. `classes` traces of points come first.
let replayScript (ds: LabelledRows) (outputs: int) (classes: int) (losses: float[]) (recorded: (int * float[])[]) : string =
    let chosen = evenlySpaced ReplayFrames recorded
    let finite = losses |> Array.filter Double.IsFinite
    let lossTrace = classes + outputs
    let frameName (epoch: int) = $"epoch {epoch}"
    // Plotly.animate's options: how it starts (`start` writes it), each frame `duration` ms, no redraw, no transition.
    let animation (start: Utf8JsonWriter -> unit) (duration: int) (w: Utf8JsonWriter) =
        w.WriteStartObject()
        start w
        Json.nestedObject w "frame" (fun w ->
            w.WriteNumber("duration", duration)
            w.WriteBoolean("redraw", false))
        Json.nestedObject w "transition" (fun w -> w.WriteNumber("duration", 0))
        w.WriteEndObject()
    let jump = animation (fun w -> w.WriteString("mode", "immediate"))
    // A slider step or a button: Plotly.animate of the frames `target` writes, with the options `options` writes.
    let animateCall (w: Utf8JsonWriter) (label: string) (target: Utf8JsonWriter -> unit) (options: Utf8JsonWriter -> unit) =
        w.WriteStartObject()
        w.WriteString("label", label)
        w.WriteString("method", "animate")
        w.WriteStartArray "args"
        target w
        options w
        w.WriteEndArray()
        w.WriteEndObject()
    // One frame (a name) or none (null: the animation as it stands), as a list of frames.
    let frameList (write: Utf8JsonWriter -> unit) (w: Utf8JsonWriter) =
        w.WriteStartArray()
        write w
        w.WriteEndArray()
    let frames =
        Json.toText (fun w ->
            w.WriteStartArray()
            for epoch, weights in chosen do
                w.WriteStartObject()
                w.WriteString("name", frameName epoch)
                w.WriteStartArray "data"
                // A boundary of huge weights can overflow to ±∞ or NaN: null, which plotly.js leaves out.
                for bx, by in boundaries ds weights outputs do
                    w.WriteStartObject()
                    Json.finiteOrNulls w "x" bx
                    Json.finiteOrNulls w "y" by
                    w.WriteEndObject()
                w.WriteStartObject()
                Json.numbers w "x" (Seq.init epoch (fun i -> float (i + 1)))
                Json.numbers w "y" losses.[.. epoch - 1]
                w.WriteEndObject()
                w.WriteEndArray()
                w.WriteStartArray "traces"
                for t in classes .. lossTrace do
                    w.WriteNumberValue t
                w.WriteEndArray()
                w.WriteEndObject()
            w.WriteEndArray())
    let replayLayout =
        Json.toText (fun w ->
            w.WriteStartObject()
            w.WriteNumber("width", 1200)
            w.WriteNumber("height", 600)
            w.WriteStartObject "xaxis2"
            w.WriteStartArray "domain"
            w.WriteNumberValue 0.66
            w.WriteNumberValue 1.0
            w.WriteEndArray()
            w.WriteString("anchor", "y2")
            w.WriteString("title", "Epoch #")
            Json.numbers w "range" [ 0.0; float (max 1 losses.Length) + 1.0 ]
            w.WriteEndObject()
            w.WriteStartObject "yaxis2"
            w.WriteString("anchor", "x2")
            w.WriteString("title", "Loss so far")
            if finite.Length > 0 then
                let lo, hi = Array.min finite, Array.max finite
                let pad = max (0.05 * (hi - lo)) (1e-9 * max 1.0 (abs hi))
                Json.numbers w "range" [ lo - pad; hi + pad ]
            w.WriteEndObject()
            w.WriteStartArray "sliders"
            w.WriteStartObject()
            w.WriteNumber("active", chosen.Length - 1)
            w.WriteStartObject "currentvalue"
            w.WriteString("prefix", "")
            w.WriteEndObject()
            w.WriteNumber("y", -0.1)
            w.WriteNumber("x", 0.1)
            w.WriteNumber("len", 0.9)
            w.WriteStartArray "steps"
            for epoch, _ in chosen do
                animateCall w (frameName epoch) (frameList (fun w -> w.WriteStringValue(frameName epoch))) (jump 0)
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
            w.WriteString("direction", "down")
            w.WriteStartArray "buttons"
            // Play: every frame from the current one (null: all frames), 60 ms each.
            animateCall w "Play" (fun w -> w.WriteNullValue()) (animation (fun w -> w.WriteBoolean("fromcurrent", true)) 60)
            // Pause: an animation to no frame ([null]), at once, stops the one running.
            animateCall w "Pause" (frameList (fun w -> w.WriteNullValue())) (jump 0)
            w.WriteEndArray()
            w.WriteEndObject()
            w.WriteEndArray()
            w.WriteEndObject())
    let lossSoFar =
        Json.toText (fun w ->
            PlotlyJson.trace w "scatter" "lines" "loss so far" (fun w ->
                PlotlyJson.onSecondAxes w
                Json.numbers w "x" (Seq.init losses.Length (fun i -> float (i + 1)))
                Json.numbers w "y" losses))
    $"""var frames = {frames};
           var replayLayout = {replayLayout};
           data.push({lossSoFar});
           Object.assign(layout, replayLayout);
           layout.xaxis.domain = [0, 0.58];
           Plotly.newPlot('chart', data, layout).then(function () {{ return Plotly.addFrames('chart', frames); }});"""

/// A chart page whose plot is drawn by `script` (which calls Plotly.newPlot itself) instead of XPlot's one call.
let htmlWith (source: PlotlySource) (chart: PlotlyChart) (script: string) : string =
    let page = html source chart
    let call = "Plotly.newPlot('chart', data, layout);"
    if not (page.Contains call) then invalidOp "XPlot's page no longer draws its chart with Plotly.newPlot('chart', data, layout)"
    page.Replace("style=\"width: 900px; height: 500px;\"", "style=\"width: 1200px; height: 600px;\"").Replace(call, script)

/// One loss curve per configuration, named by its settings; log-scale loss, since curves of different learning rates
/// lie orders of magnitude apart.
let sweepLoss (curves: (string * float[]) list) : PlotlyChart =
    let traces =
        curves |> List.map (fun (name, losses) -> Scatter(x = [| 1 .. losses.Length |], y = losses, mode = "lines", name = name))
    let yaxis = Yaxis(title = "Loss (log scale)")
    yaxis.``type`` <- "log"
    Chart.Plot(traces, Layout(title = "Training loss per configuration", xaxis = Xaxis(title = "Epoch #"), yaxis = yaxis, showlegend = true))

/// Test accuracy against the learning rate (log scale), one line per combination of the other settings.
let accuracyByAlpha (lines: (string * (float * float)[]) list) : PlotlyChart =
    let traces =
        lines
        |> List.map (fun (name, points) ->
            let points = Array.sortBy fst points
            Scatter(x = Array.map fst points, y = Array.map snd points, mode = "lines+markers", name = name))
    let xaxis = Xaxis(title = "Learning rate α (log scale)")
    xaxis.``type`` <- "log"
    Chart.Plot(traces, Layout(title = "Test accuracy against learning rate", xaxis = xaxis, yaxis = Yaxis(title = "Test accuracy"), showlegend = true))
