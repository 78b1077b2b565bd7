/// loss.html: the training loss per epoch, and the validation curves when there are some.
module Descent.LossChart

open XPlot.Plotly

/// Epoch against loss ("Training Loss", as in the lesson); with a validation curve, its mean loss per row and its
/// accuracy on a second axis (both of the order of 1, where the training loss is a sum over the rows).
let figure (losses: float[]) (validationLosses: float[]) (validationAccuracies: float[]) : PlotlyPage.Figure =
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
    PlotlyPage.ofXPlot 900 500 [ for t in train :: validation -> t :> Trace ] layout
