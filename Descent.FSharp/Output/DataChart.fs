/// data.html: the test points coloured by class with each unit's decision boundary.
module Descent.DataChart

open XPlot.Plotly

/// Test points coloured by class with each unit's decision boundary (one for two classes; one-vs-rest for more; see
/// Boundaries.lines). `units` qualifies the axis titles when the features were scaled (e.g. "standardized"; "" when
/// not). The traces are the classes' points, then one boundary per unit.
let figure (units: string) (schema: Schema) (ds: LabelledRows) (weights: float[]) (outputs: int) : PlotlyPage.Figure =
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
        Boundaries.lines ds weights outputs
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
    PlotlyPage.ofXPlot 900 500 (points @ lines) layout
