// The lesson's sequel, "Stochastic Gradient Descent (SGD) with Python": the same data, split and initial weights,
// trained by batch gradient descent (one update per epoch over all 500 training rows) and by mini-batch SGD
// (batches of 32 consecutive rows, one update per batch), 100 epochs at alpha 0.01 each.
//   dotnet build -c Release && dotnet fsi scripts/sgd.fsx
#load "load.fsx"

open System.IO
open Descent

let gd = Experiment.lesson
let sgd = Experiment.lesson |> Experiment.sgd 32
let results = Sweep.run [ gd; sgd ]
let entries = SweepResults.ofRuns results
printf "%s" (SweepOutputs.table entries)

// The two losses are on different scales: GD's is the squared error summed over the 500 training rows, SGD's the
// mean over its batches of the error summed over 32 rows. What compares directly is the test accuracy and the work.
let sgdRows = Run.prepare sgd
let train = sgdRows.Train.Y.Length
let batches = (train + sgd.BatchSize - 1) / sgd.BatchSize
printfn "GD made %d updates, SGD %d (%d batches per epoch)" gd.Epochs (sgd.Epochs * batches) batches
printfn "loss per training row after %d epochs: GD %.6f, SGD %.6f" gd.Epochs (SweepResults.finalLoss entries.[0] / float train) (SweepResults.finalLoss entries.[1] * float batches / float train)

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "sgd")
Directory.CreateDirectory out |> ignore
let sgdOut = Path.Combine(out, "sgd-run")
Directory.CreateDirectory sgdOut |> ignore
for path in SweepOutputs.writeFiles out (Some PlotlyJs.Local) entries @ Outputs.writeFiles sgdOut (Some PlotlyJs.Local) sgdRows.Test results.[1] do
    printfn "[INFO] wrote %s" path
