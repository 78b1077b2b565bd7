// "Finding the learning rate will cause you many headaches": the learning-rate range test on the lesson's data with
// mini-batch SGD (batches of 32), then the lesson trained at the suggested rate and at the lesson's 0.01.
//   dotnet build -c Release && dotnet fsi scripts/lr_find.fsx
#load "load.fsx"

open System.IO
open Descent

let experiment = Experiment.lesson |> Experiment.sgd 32
let found = LrFind.run LrFind.defaults (Run.prepare experiment)
printfn "range test: %d steps from %g to %g; suggested (steepest) %.4g, minimum / 10 %.4g"
    found.Points.Length found.Settings.MinRate found.Settings.MaxRate found.Steepest found.MinimumOver10

for alpha in [ found.Steepest; found.MinimumOver10; 0.01 ] do
    let r = Run.experiment (experiment |> Experiment.withAlpha alpha)
    printfn "alpha %-10.4g test accuracy %.3f, final loss %.6f" alpha r.Report.Accuracy (Array.last r.Outcome.History.Losses)

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "lr_find")
Directory.CreateDirectory out |> ignore
for path in LrFindOutputs.writeFiles out (Some PlotlyJs.Local) found do
    printfn "[INFO] wrote %s" path
