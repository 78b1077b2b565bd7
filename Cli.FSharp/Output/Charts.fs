/// Charts with XPlot.Plotly, saved as standalone HTML pages.
module Descent.Charts

open System
open System.IO
open XPlot.Plotly

/// Where a page gets plotly.js: the CDN (XPlot's default) or the contents of a local file, inlined.
type PlotlySource =
    | Cdn
    | InlineFile of path: string

let private cdnTag = """<script src="https://cdn.plot.ly/plotly-latest.min.js"></script>"""

/// The chart as a full HTML page.
let html (source: PlotlySource) (chart: PlotlyChart) : string =
    // XPlot names the plot's element with a fresh GUID; a fixed name makes the same chart the same file.
    chart.Id <- "chart"
    let page = chart.GetHtml()
    match source with
    | Cdn -> page
    | InlineFile path ->
        // "</script" inside the library would end the tag early; "<\/script" is the same string to JavaScript.
        let js = File.ReadAllText(path).Replace("</script", "<\\/script")
        page.Replace(cdnTag, "<script>" + js + "</script>")

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

/// Test points coloured by class with each unit's decision boundary (one for two classes; one-vs-rest for more).
/// Two features: the lines w0·x0 + w1·x1 + b = 0. More: the first two features, and the lines where the other
/// features sit at their mean over the points. One feature: x0 against the class, and the thresholds x0 = −b/w0.
/// `units` qualifies the axis titles when the features were scaled (e.g. "standardized"; "" when not).
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
        if xs.Length = 0 then
            []
        elif d = 1 then
            let lo, hi = Array.min ys - 0.5, Array.max ys + 0.5
            [ for k in 0 .. outputs - 1 do
                  let w0, b = weights.[k * 2], weights.[k * 2 + 1]
                  if w0 <> 0.0 then
                      let x = -b / w0
                      Scatter(x = [| x; x |], y = [| lo; hi |], mode = "lines", name = lineName k) :> Trace ]
        else
            let lo, hi = Array.min xs, Array.max xs
            let means = Array.init d (fun j -> if j < 2 then 0.0 else Array.average (Matrix.column ds.X j))
            [ for k in 0 .. outputs - 1 do
                  let w = weights.[k * (d + 1) .. k * (d + 1) + d]
                  // The bias plus the other features' share at their means.
                  let offset = w.[d] + Seq.sum (seq { for j in 2 .. d - 1 -> w.[j] * means.[j] })
                  if w.[1] <> 0.0 then
                      let at x = -(w.[0] * x + offset) / w.[1]
                      Scatter(x = [| lo; hi |], y = [| at lo; at hi |], mode = "lines", name = lineName k) :> Trace ]
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
