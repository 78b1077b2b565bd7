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

/// The final loss (left) and test accuracy (right) over the initial-weight seeds, one box per combination of the
/// other settings: how many seeds end in a good basin, per optimizer and rate. `groups` holds (name, losses,
/// accuracies), one value per seed.
let seedDistributions (groups: (string * float[] * float[]) list) : PlotlyPage.Figure =
    let box (name: string) (values: float[]) (axis: int) =
        let b = Box(y = values, name = name, boxpoints = "all", jitter = 0.4, pointpos = 0.0, showlegend = false)
        b.xaxis <- (if axis = 1 then "x" else "x2")
        b.yaxis <- (if axis = 1 then "y" else "y2")
        b :> Trace
    let traces = [ for name, losses, _ in groups -> box name losses 1 ] @ [ for name, _, accuracies in groups -> box name accuracies 2 ]
    let lossAxis = Yaxis(title = "Final training loss (log scale)")
    lossAxis.``type`` <- "log"
    let layout =
        Layout(
            title = "Final loss and test accuracy over the initial-weight seeds",
            xaxis = Xaxis(domain = [| 0.0; 0.46 |]),
            yaxis = lossAxis,
            xaxis2 = Xaxis(domain = [| 0.54; 1.0 |]),
            yaxis2 = Yaxis(title = "Test accuracy", anchor = "x2")
        )
    PlotlyPage.ofXPlot 1150 550 traces layout
