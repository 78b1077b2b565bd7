/// Saved models and `descent predict`: the model file round-trips, prediction reproduces training's predictions,
/// and a CSV whose columns are not the model's features is refused naming them.
module Descent.Tests.PredictTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private irisExperiment scale loss =
    { Experiment.lesson with
        Data = Table(Experiment.tableFile (path "iris.csv"))
        Scale = scale
        Loss = loss
        Epochs = 300 }

[<Test>]
let ``model.json round-trips weights, classes, names and scaler`` () =
    for scale in [ NoScaling; Standard; MinMax ] do
        let r = Run.experiment (irisExperiment scale Core.LossKind.LogLoss)
        let m = ModelFile.parse "model.json" (ModelFile.json r)
        Assert.That(m.FormatVersion, Is.EqualTo ModelFile.linearFormatVersion, "a linear model is still written as version 3")
        Assert.That(m.Weights, Is.EqualTo r.Outcome.Weights)
        Assert.That(m.Outputs, Is.EqualTo 3)
        Assert.That(m.Classes, Is.EqualTo [| "0"; "1"; "2" |])
        Assert.That(m.FeatureNames, Is.EqualTo r.Schema.FeatureNames)
        Assert.That(m.LabelName, Is.EqualTo "target")
        Assert.That(m.Loss, Is.EqualTo Core.LossKind.LogLoss)
        Assert.That(m.Scaler, Is.EqualTo r.Scaler, $"{scale}")

[<Test>]
let ``predicting the test rows from the saved model gives training's predictions`` () =
    let r = Run.experiment (irisExperiment Standard Core.LossKind.LogLoss)
    let m = ModelFile.parse "model.json" (ModelFile.json r)
    // Test rows are stored scaled; the model scales raw rows itself.
    let raw = Split.trainTest 0.5 42L (Run.load r.Experiment) |> snd
    let p = Predict.predict m raw.X
    Assert.That(p.Classes, Is.EqualTo r.Predictions)
    for row in p.Probabilities do
        Assert.That(Array.sum row, Is.EqualTo(1.0).Within(1e-12))

[<Test>]
let ``descent predict writes one row per input with the label and each class's probability`` () =
    let dir = freshFolder "predict"
    File.Copy(path "iris.csv", Path.Combine(dir, "iris.csv"))
    let train =
        runIn dir [ "train"; "--csv"; "iris.csv"; "--scale"; "standard"; "--loss"; "logloss"; "--epochs"; "300"; "--no-plots"; "--save-model"; "iris-model.json" ]
    Assert.That(train.ExitCode, Is.EqualTo 0, train.Stderr)
    Assert.That(File.ReadAllText(Path.Combine(dir, "iris-model.json")), Is.EqualTo(File.ReadAllText(Path.Combine(dir, "out", "model.json"))))
    // The new file: features only, columns in another order, CRLF line ends.
    let rows = File.ReadAllLines(Path.Combine(dir, "iris.csv"))
    let reorder (line: string) =
        let f = line.Split(',')
        String.Join(",", [| f.[3]; f.[0]; f.[2]; f.[1] |])
    File.WriteAllText(Path.Combine(dir, "new.csv"), String.Join("\r\n", Array.map reorder rows) + "\r\n")
    let o = runIn dir [ "predict"; "--model"; "iris-model.json"; "--csv"; "new.csv"; "--out"; "preds.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let preds = File.ReadAllLines(Path.Combine(dir, "preds.csv"))
    Assert.That(preds.[0], Is.EqualTo "predicted,p_0,p_1,p_2")
    Assert.That(preds.Length, Is.EqualTo 151)
    let model = ModelFile.load (Path.Combine(dir, "iris-model.json"))
    let data = CsvDataset.load (Experiment.tableFile (path "iris.csv"))
    let expected = Predict.predict model data.X
    for i in 0 .. 149 do
        let f = preds.[i + 1].Split(',')
        Assert.That(f.[0], Is.EqualTo model.Classes.[expected.Classes.[i]], $"row {i}")
        let p = f.[1..] |> Array.map csvNumber
        Assert.That(p, Is.EqualTo expected.Probabilities.[i], $"row {i}")
    // The same file with its label column (ignored) predicts the same, to standard output.
    let withLabel = runIn dir [ "predict"; "--model"; "iris-model.json"; "--csv"; "iris.csv" ]
    Assert.That(withLabel.ExitCode, Is.EqualTo 0, withLabel.Stderr)
    Assert.That(withLabel.Stdout.Replace("\r", "").TrimEnd().Split('\n'), Is.EqualTo preds)
    let accuracy = (Array.map2 (fun p y -> if p = y then 1.0 else 0.0) expected.Classes data.Y |> Array.average)
    Assert.That(accuracy, Is.GreaterThan 0.9)

[<Test>]
let ``a model trained on generated data predicts a headerless file by position`` () =
    let dir = freshFolder "predict"
    Assert.That((runIn dir [ "train"; "--no-plots" ]).ExitCode, Is.EqualTo 0)
    File.WriteAllText(Path.Combine(dir, "points.csv"), "-9.5,-4.3\n-2.4,2.8\n")
    let o = runIn dir [ "predict"; "--model"; "out/model.json"; "--csv"; "points.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = o.Stdout.Replace("\r", "").TrimEnd().Split('\n')
    Assert.That(lines.[0], Is.EqualTo "predicted,p_0,p_1")
    // The lesson's data: the first point is from blob 1, the second from blob 0 (README's `descent data`).
    Assert.That(lines.[1..] |> Array.map (fun l -> l.Split(',').[0]), Is.EqualTo [| "1"; "0" |])

let private badPredictCases =
    [| "names differ", "b_x,sepal_width_cm,petal_length_cm,petal_width_cm,extra\n1,2,3,4,5\n", [],
       [ "--csv new.csv"; "missing from the file: sepal_length_cm"; "not features of the model: b_x, extra" ]
       "headerless with too few columns", "1,2,3\n", [], [ "has 3 columns and no header"; "4 features" ]
       "non-numeric cell", "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n1,2,3,4\n1,x,3,4\n", [],
       [ "line 3"; "column 'sepal_width_cm'"; "'x' is not a number" ]
       "empty cell", "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n1,2,,4\n", [], [ "line 2"; "empty cell" ]
       "header only", "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm\n", [], [ "no data rows" ]
       "missing model", "1,2,3,4\n", [ "--model"; "nothere.json" ], [ "--model nothere.json: no such file" ]
       "not a model", "1,2,3,4\n", [ "--model"; "new.csv" ], [ "--model new.csv: not valid JSON" ]
       "a feature missing among extra columns", "sepal_length_cm,sepal_width_cm,petal_length_cm,note\n1,2,3,x\n", [],
       [ "--csv new.csv"; "missing from the file: petal_width_cm"; "not features of the model: note" ] |]
    |> Array.map (fun (name, content, flags, expected) -> TestCaseData(content, flags, expected).SetArgDisplayNames(name: string))

[<TestCaseSource(nameof badPredictCases)>]
let ``descent predict refuses bad input with one line and writes nothing`` (content: string, flags: string list, expected: string list) =
    let dir = freshFolder "predictbad"
    let r = Run.experiment (irisExperiment Standard Core.LossKind.LogLoss)
    ModelFile.save (Path.Combine(dir, "model.json")) r
    File.WriteAllText(Path.Combine(dir, "new.csv"), content)
    let before = Directory.GetFileSystemEntries dir
    let model = if flags.IsEmpty then [ "--model"; "model.json" ] else flags
    let o = runIn dir ([ "predict" ] @ model @ [ "--csv"; "new.csv"; "--out"; "preds.csv" ])
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    assertRefused [] o
    let lines = o.Stderr.TrimEnd().Split('\n')
    Assert.That(lines.Length, Is.EqualTo 1, o.Stderr)
    for part in expected do
        Assert.That(lines.[0], Does.Contain part)
    assertNoStackTrace o
    Assert.That(Directory.GetFileSystemEntries dir, Is.EquivalentTo before)

[<Test>]
let ``predict --data reads the table --csv reads, and leaves the columns the model does not use unread`` () =
    let dir = freshFolder "predict-data"
    let r = Run.experiment (irisExperiment Standard Core.LossKind.LogLoss)
    ModelFile.save (Path.Combine(dir, "model.json")) r
    let lines = File.ReadAllLines(path "iris.csv")
    File.WriteAllLines(Path.Combine(dir, "iris.csv"), lines)
    // The same rows with an id and a text column that no number parser takes.
    File.WriteAllLines(Path.Combine(dir, "extra.csv"), lines |> Array.mapi (fun i l -> if i = 0 then $"id,{l},note" else $"r{i},{l},n/a"))
    let run args =
        let o = runIn dir ([ "predict"; "--model"; "model.json" ] @ args)
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        o.Stdout
    let byCsv = run [ "--csv"; "iris.csv" ]
    Assert.That(byCsv.Replace("\r", "").TrimEnd().Split('\n').Length, Is.EqualTo 151)
    Assert.That(run [ "--data"; "iris.csv" ], Is.EqualTo byCsv)
    Assert.That(run [ "--data"; "extra.csv" ], Is.EqualTo byCsv)
    let both = runIn dir [ "predict"; "--model"; "model.json"; "--data"; "iris.csv"; "--csv"; "iris.csv" ]
    assertRefused [ "--data and --csv both name the table" ] both
    let missing = runIn dir [ "predict"; "--model"; "model.json"; "--data"; "nothere.parquet" ]
    assertRefused [ "--data nothere.parquet: no such file" ] missing
