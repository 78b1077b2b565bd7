// Real data through the F# API: train on examples/iris.csv with standardized features and log-loss, save the model
// (what `descent train --save-model` writes), read it back and predict every row of the file, as `descent predict`.
//   dotnet build -c Release && dotnet fsi scripts/real_data.fsx
#load "load.fsx"

open System.IO
open Descent

let iris = Path.Combine(__SOURCE_DIRECTORY__, "..", "examples", "iris.csv")

let experiment =
    Experiment.lesson
    |> Experiment.withData (Table(Experiment.tableFile iris))
    |> Experiment.withScale Standard
    |> Experiment.withLoss Core.LossKind.LogLoss
    |> Experiment.withEpochs 1000

let result = Run.experiment experiment
printf "%s" (Report.format result.Report)

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "real_data")
Directory.CreateDirectory out |> ignore
let modelPath = Path.Combine(out, "iris-model.json")
ModelFile.save modelPath result
printfn "[INFO] wrote %s" modelPath

let model = ModelFile.load modelPath
let table = CsvDataset.load (Experiment.tableFile iris)
let predictions = Predict.predict model table.X
let correct = Array.fold2 (fun n p y -> if p = y then n + 1 else n) 0 predictions.Classes table.Y
printfn "[INFO] the saved model predicts %d of the %d rows of %s correctly" correct table.X.Rows (Path.GetFileName iris)
if correct < 140 then failwith "the saved model predicts iris worse than expected"
