// The lesson "Gradient Descent with Python", in F# over Descent:
// make_blobs(1000, 2 features, 2 centers, std 1.5, seed 1), bias column, 50/50 split (seed 42), W = randn(3, 1) (seed 0),
// 100 epochs of batch gradient descent at alpha 0.01 on the sum of squared errors.
//   dotnet build -c Release && dotnet fsi scripts/gradient_descent.fsx
#load "load.fsx"

open System.IO
open System.Threading
open Descent

let experiment = Experiment.lesson |> Experiment.withEpochs 100 |> Experiment.withAlpha 0.01

printfn "[INFO] training..."
let prepared = Run.prepare experiment
let result =
    Run.train prepared (fun s -> if s.Epoch = 1 || s.Epoch % 5 = 0 then printfn "[INFO] epoch=%d, loss=%s" s.Epoch (PyFormat.fixedPoint 7 s.Loss)) CancellationToken.None

printfn "[INFO] evaluating..."
printf "%s" (Report.format result.Report)

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "gradient_descent")
Directory.CreateDirectory out |> ignore
for path in Outputs.writeFiles out (Some PlotlyJs.Local) prepared.Test result do
    printfn "[INFO] wrote %s" path
