// The lesson's warning measured: "depending on the initial weights and the learning rate, gradient descent may not
// find a model that separates the points". A noisy XOR (--dataset xor: 400 points, Gaussian noise 0.1) and a
// network of 3 hidden sigmoid units, trained from 200 initial-weight seeds per optimizer: how many seeds end
// unseparated (test accuracy below 0.9), per optimizer, and the spread of the final losses.
//   dotnet build -c Release && dotnet fsi scripts/xor_atlas.fsx
#load "load.fsx"

open System
open System.IO
open Descent
open Descent.Core

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "xor_atlas")
Directory.CreateDirectory out |> ignore

let seeds = [ 0L .. 199L ]
let baseline =
    Experiment.lesson
    |> Experiment.withData (Xor { Samples = 400; Noise = 0.1; Seed = 1L })
    |> Experiment.withHidden [ 3 ]
    |> Experiment.withActivation ActivationKind.Sigmoid
    |> Experiment.withLoss LossKind.LogLoss
    |> Experiment.withEpochs 400

let optimizers =
    [ "sgd α 1", Experiment.sgd 16 >> Experiment.withAlpha 1.0
      "sgd momentum 0.9 α 0.1", Experiment.sgd 16 >> Experiment.withMomentum 0.9 >> Experiment.withAlpha 0.1
      "rmsprop α 0.05", Experiment.rmsprop 16 >> Experiment.withAlpha 0.05
      "adam α 0.1", Experiment.adam 16 >> Experiment.withAlpha 0.1 ]

let data = Run.load baseline
printfn "%-24s %12s %14s %14s %14s" "optimizer" "unseparated" "median loss" "worst loss" "mean accuracy"
let lines =
    [ for name, setup in optimizers ->
          let runs =
              seeds
              |> List.map (fun seed ->
                  let e = baseline |> setup |> Experiment.withInitSeed seed
                  Run.train (Run.prepareShared e data) ignore Threading.CancellationToken.None)
          let accuracies = runs |> List.map _.Report.Accuracy
          let losses = runs |> List.map (fun r -> Array.last r.Outcome.History.Losses) |> List.sort
          let unseparated = accuracies |> List.filter (fun a -> a < 0.9) |> List.length
          printfn "%-24s %8d/%d %14.4f %14.4f %14.4f" name unseparated seeds.Length losses.[losses.Length / 2] (List.last losses) (List.average accuracies)
          $"{name},{unseparated},{seeds.Length},{losses.[losses.Length / 2]:R},{List.last losses:R},{List.average accuracies:R}" ]
File.WriteAllLines(Path.Combine(out, "atlas.csv"), "optimizer,unseparated,seeds,median_loss,worst_loss,mean_accuracy" :: lines)
printfn "wrote %s" (Path.Combine(out, "atlas.csv"))
