/// A sweep's two pages: the loss curve of every configuration, and test accuracy against the learning rate.
module Descent.SweepCharts

open XPlot.Plotly

/// One loss curve per configuration, named by its settings; log-scale loss, since curves of different learning rates
/// lie orders of magnitude apart.
let loss (curves: (string * float[]) list) : PlotlyPage.Figure =
    let traces =
        curves |> List.map (fun (name, losses) -> Scatter(x = [| 1 .. losses.Length |], y = losses, mode = "lines", name = name) :> Trace)
    let yaxis = Yaxis(title = "Loss (log scale)")
    yaxis.``type`` <- "log"
    PlotlyPage.ofXPlot 900 500 traces (Layout(title = "Training loss per configuration", xaxis = Xaxis(title = "Epoch #"), yaxis = yaxis, showlegend = true))

/// Test accuracy against the learning rate (log scale), one line per combination of the other settings.
let accuracyByAlpha (lines: (string * (float * float)[]) list) : PlotlyPage.Figure =
    let traces =
        lines
        |> List.map (fun (name, points) ->
            let points = Array.sortBy fst points
            Scatter(x = Array.map fst points, y = Array.map snd points, mode = "lines+markers", name = name) :> Trace)
    let xaxis = Xaxis(title = "Learning rate α (log scale)")
    xaxis.``type`` <- "log"
    PlotlyPage.ofXPlot 900 500 traces (Layout(title = "Test accuracy against learning rate", xaxis = xaxis, yaxis = Yaxis(title = "Test accuracy"), showlegend = true))
