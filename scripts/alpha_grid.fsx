// How the learning rate shapes the lesson's training: batch gradient descent on the lesson's data and weights at
// seven learning rates, the loss curves overlaid on one log-scale chart, test accuracy against alpha on another.
//   dotnet build -c Release && dotnet fsi scripts/alpha_grid.fsx
#load "load.fsx"

open System.IO
open Descent

let grid = Experiment.lesson |> Grid.expand [ Grid.alphas [ 1.0; 0.5; 0.1; 0.05; 0.01; 0.005; 0.001 ] ]
let entries = Sweep.run grid |> SweepResults.ofRuns
printf "%s" (SweepOutputs.table entries)

let best = entries |> List.minBy SweepResults.finalLoss
printfn "lowest final loss: alpha=%s (%.7f); the lesson's alpha=0.01 ends at %.7f"
    (SweepResults.setting "alpha" best) (SweepResults.finalLoss best)
    (entries |> List.find (fun e -> SweepResults.setting "alpha" e = "0.01") |> SweepResults.finalLoss)

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "alpha_grid")
Directory.CreateDirectory out |> ignore
for path in SweepOutputs.writeFiles out (Some PlotlyJs.Local) entries do
    printfn "[INFO] wrote %s" path
