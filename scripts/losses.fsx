// Softmax, the multi-class hinge (Weston–Watkins) and one-vs-rest logistic units on the same three blobs, split and
// initial seeds: each model's test accuracy, how much of the plane the models classify differently, and one page
// with the three decision regions side by side (scripts/out/losses/losses.html).
//   dotnet build -c Release && dotnet fsi scripts/losses.fsx
#load "load.fsx"

open System
open System.IO
open XPlot.Plotly
open Descent
open Descent.Core

let baseline =
    { Experiment.lesson with
        Data = Blobs { Samples = 600; Features = 2; Centers = 3; ClusterStd = 2.0; Seed = 2L }
        Alpha = 0.001
        Epochs = 200 }

let models = [ "softmax", LossKind.Softmax; "multi-class hinge", LossKind.Hinge; "one-vs-rest logloss", LossKind.LogLoss ]
let runs = [ for name, loss in models -> name, Run.experiment { baseline with Loss = loss } ]
let test = (Run.prepare baseline).Test

// A 121 × 121 grid over the test points' range, bias column last, as the models' X.
let steps = 121
let range (column: int) =
    let v = Matrix.column test.X column
    let lo, hi = Array.min v - 1.0, Array.max v + 1.0
    Array.init steps (fun i -> lo + (hi - lo) * float i / float (steps - 1))
let gx, gy = range 0, range 1
let grid: Matrix =
    let n = steps * steps
    { Rows = n; Cols = 3; Data = Array.init (3 * n) (fun k -> let j, i = k / n, k % n in if j = 0 then gx.[i % steps] elif j = 1 then gy.[i / steps] else 1.0) }
let regions = [ for name, r in runs -> name, Model.predict r.Outcome.Weights r.Outcome.Outputs grid ]

for name, r in runs do
    printfn "%-20s test accuracy %.4f, final loss %.4f, %d outputs" name r.Report.Accuracy (Array.last r.Outcome.History.Losses) r.Outcome.Outputs
let _, reference = regions.Head
for name, cells in regions.Tail do
    let differ = Array.fold2 (fun n a b -> if a <> b then n + 1 else n) 0 reference cells
    printfn "%-20s classifies %.1f%% of the plane differently from softmax" name (100.0 * float differ / float cells.Length)

let chart (name: string) (cells: int[]) =
    let z = Array.init steps (fun row -> Array.init steps (fun col -> float cells.[row * steps + col]))
    let heat = Heatmap(x = gx, y = gy, z = z, showscale = false, opacity = 0.35, colorscale = "Viridis") :> Trace
    let points =
        [ for c in 0 .. 2 ->
              let idx = [| for i in 0 .. test.Y.Length - 1 do if test.Y.[i] = c then i |]
              Scatter(x = Array.map (fun i -> test.X.Data.[i]) idx, y = Array.map (fun i -> test.X.Data.[test.X.Rows + i]) idx,
                      mode = "markers", name = $"class {c}") :> Trace ]
    let c = Chart.Plot(heat :: points, Layout(title = name, width = 480, height = 460, showlegend = false))
    c.Id <- name.Replace(" ", "-")
    c.Width <- 480
    c.Height <- 460
    c.GetInlineHtml()

let page =
    $"<!DOCTYPE html><html><head><meta charset=\"utf-8\"><script src=\"{PlotlyJs.src PlotlyJs.Local}\"></script></head><body>"
    + "<div style=\"display:flex;flex-wrap:wrap\">" + String.concat "" [ for name, cells in regions -> "<div>" + chart name cells + "</div>" ] + "</div></body></html>"
let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "losses")
Directory.CreateDirectory out |> ignore
let file = Path.Combine(out, "losses.html")
// plotly.js beside the page, which loads it by a relative name and so draws offline.
PlotlyJs.writeInto out |> ignore
Files.writeText file page
printfn "[INFO] wrote %s" file
