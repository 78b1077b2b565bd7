// Every update rule on the lesson's data, split and initial weights (the lesson's seeds), over mini-batches of 32 for
// 100 epochs, each at its usual rate on this problem (the rates of the torch reference vectors in Tests/Fixtures; the
// torch.optim default of 0.001 for Adam leaves it at 48 % test accuracy after 100 epochs here): the table of final
// losses and test accuracies, the loss curves overlaid in loss.html.
//   dotnet build -c Release && dotnet fsi scripts/optimizer_zoo.fsx
#load "load.fsx"

open System.IO
open Descent

/// (rule, its usual rate): the rate of its reference vector (Adagrad's is over the whole set at 0.5; 0.1 over batches).
let rules =
    [ Experiment.sgd 32, 0.01
      Experiment.sgd 32 >> Experiment.withMomentum 0.9, 0.001
      Experiment.sgd 32 >> Experiment.withNesterov 0.9, 0.001
      Experiment.adagrad 32, 0.1
      Experiment.rmsprop 32, 0.01
      Experiment.adam 32, 0.01
      Experiment.adamw 32, 0.01
      Experiment.nadam 32, 0.01
      Experiment.radam 32, 0.01
      Experiment.adamax 32, 0.01
      Experiment.adadelta 32, 1.0 ]

let grid = Experiment.lesson |> Grid.expand [ Grid.variants "optimizer" [ for rule, rate in rules -> rule >> Experiment.withAlpha rate ] ]
let entries = Sweep.run grid |> SweepResults.ofRuns
printf "%s" (SweepOutputs.table entries)

let best = entries |> List.minBy SweepResults.finalLoss
printfn "lowest final loss: %s (%.7f)" (SweepResults.label (SweepResults.varying entries) best) (SweepResults.finalLoss best)

// Every rule learns the lesson's two well-separated blobs; a rule that does not has a broken step.
let poor = entries |> List.filter (fun e -> not (e.Accuracy > 0.9))
if not poor.IsEmpty then
    failwithf "test accuracy <= 0.9: %s" (poor |> List.map (SweepResults.label (SweepResults.varying entries)) |> String.concat "; ")

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "optimizer_zoo")
Directory.CreateDirectory out |> ignore
for path in SweepOutputs.writeFiles out (Some PlotlyJs.Local) entries do
    printfn "[INFO] wrote %s" path
