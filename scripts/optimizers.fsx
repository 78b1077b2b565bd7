// GD, SGD, SGD with momentum and SGD with Nesterov momentum on the same data, split and initial weights (the lesson's
// seeds), each at two learning rates: which reaches the lowest loss in 100 epochs, and how accurate it is.
//   dotnet build -c Release && dotnet fsi scripts/optimizers.fsx
#load "load.fsx"

open System.IO
open Descent

let optimizers =
    Grid.variants
        "optimizer"
        [ Experiment.gd
          Experiment.sgd 32
          Experiment.sgd 32 >> Experiment.withMomentum 0.9
          Experiment.sgd 32 >> Experiment.withNesterov 0.9 ]

let grid = Experiment.lesson |> Grid.expand [ optimizers; Grid.alphas [ 0.01; 0.001 ] ]
let entries = Sweep.run grid |> SweepResults.ofRuns
printf "%s" (SweepOutputs.table entries)

// Losses of GD (summed over the training set) and SGD (per batch) are on different scales; compare like with like.
let sgdFamily = entries |> List.filter (fun e -> SweepResults.setting "optimizer" e = "sgd")
let best = sgdFamily |> List.minBy SweepResults.finalLoss
printfn "lowest SGD-family final loss: %s (%.7f)" (SweepResults.label (SweepResults.varying entries) best) (SweepResults.finalLoss best)

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "optimizers")
Directory.CreateDirectory out |> ignore
for path in SweepOutputs.writeFiles out (Some PlotlyJs.Local) entries do
    printfn "[INFO] wrote %s" path
