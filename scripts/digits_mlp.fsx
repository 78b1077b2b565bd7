// The book's network on scikit-learn's 8×8 digits: 64-32-16-10, sigmoid units everywhere, the squared error on
// one-hot targets, min-max scaled pixels, a 75/25 split, per-sample SGD at α 0.1 — beside the same shape with relu
// units, a softmax output and Adam. Prints each run's loss every 20 epochs and scikit-learn's classification report.
// The table is examples/digits.csv (UCI optdigits as bundled by scikit-learn, CC BY 4.0; examples/make_digits.py).
//   dotnet build -c Release && dotnet fsi scripts/digits_mlp.fsx
#load "load.fsx"

open System
open System.IO
open System.Threading
open Descent
open Descent.Core

let csv = Path.Combine(__SOURCE_DIRECTORY__, "..", "examples", "digits.csv")
let baseline =
    Experiment.lesson
    |> Experiment.withData (Table { Experiment.tableFile csv with Label = Some "label" })
    |> Experiment.withScale MinMax
    |> Experiment.withHidden [ 32; 16 ]
    |> fun e -> { e with TestSize = 0.25 }

let runs =
    [ "book: sigmoid, sse, per-sample SGD α 0.1",
      baseline
      |> Experiment.withActivation ActivationKind.Sigmoid
      |> Experiment.withLoss LossKind.SquaredError
      |> Experiment.sgd 1
      |> Experiment.withAlpha 0.1
      |> Experiment.withEpochs 100
      "relu, softmax, Adam α 0.01, batches of 32",
      baseline
      |> Experiment.withActivation ActivationKind.Relu
      |> Experiment.withLoss LossKind.Softmax
      |> Experiment.adam 32
      |> Experiment.withAlpha 0.01
      |> Experiment.withEpochs 100 ]

for name, e in runs do
    printfn "[INFO] %s" name
    let clock = Diagnostics.Stopwatch.StartNew()
    let r =
        Run.train (Run.prepare e) (fun s -> if s.Epoch = 1 || s.Epoch % 20 = 0 then printfn "[INFO] epoch=%d, loss=%.7f" s.Epoch s.Loss) CancellationToken.None
    printfn "[INFO] %d epochs in %.2f s (%.2f ms an epoch)" r.Outcome.Epochs clock.Elapsed.TotalSeconds (1000.0 * r.TrainSeconds / float r.Outcome.Epochs)
    printf "%s" (Report.format r.Report)
    if r.Report.Accuracy < 0.9 then failwithf "%s: test accuracy %.4f, below the 0.9 the book's network reaches" name r.Report.Accuracy
