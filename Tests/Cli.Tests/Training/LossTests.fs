/// The losses beyond the sigmoid unit, the L1 and elastic-net penalties and class weights: torch's trajectories
/// (within 1e-9), scikit-learn's accuracies on real tables, predict's probabilities and scores, model.json, sweep and bench.
module Descent.Tests.LossTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent
open Descent.Core

let private blobs3 = Blobs { Samples = 600; Features = 2; Centers = 3; ClusterStd = 1.0; Seed = 2L }
let private f10 = Blobs { Samples = 800; Features = 10; Centers = 2; ClusterStd = 4.0; Seed = 3L }
let private b32 = Experiment.sgd 32

let private references: (string * Experiment) list =
    let e = Experiment.lesson
    [ "softmax_blobs600_c3_gd_init0.json", { e with Data = blobs3; Loss = LossKind.Softmax; Alpha = 0.001; Epochs = 100 }
      "softmax_lesson_b32_init0.json", { b32 e with Loss = LossKind.Softmax; Alpha = 0.01; Epochs = 50 }
      "hinge_lesson_b32_init0.json", { b32 e with Loss = LossKind.Hinge; Alpha = 0.001; Epochs = 50 }
      "hinge_blobs600_c3_b32_init0.json", { b32 e with Data = blobs3; Loss = LossKind.Hinge; Alpha = 0.001; Epochs = 50 }
      "modified_huber_lesson_b32_init0.json", { b32 e with Loss = LossKind.ModifiedHuber; Alpha = 0.0005; Epochs = 50 }
      "l1_softmax_blobs_f10_b32_init0.json", { b32 e with Data = f10; Loss = LossKind.Softmax; L1 = 0.5; Alpha = 0.001; Epochs = 60 }
      "balanced_hinge_imbalanced_b32_init0.json",
      { b32 e with
          Data = Table(Experiment.tableFile (path "imbalanced_900_100_seed5.csv"))
          Scale = NoScaling
          ClassWeight = Balanced
          Loss = LossKind.Hinge
          Alpha = 0.0005
          Epochs = 40 }
      "squared_hinge_lesson_b32_init0.json", { b32 e with Loss = LossKind.SquaredHinge; Alpha = 0.0005; Epochs = 50 }
      "perceptron_lesson_b32_init0.json", { b32 e with Loss = LossKind.Perceptron; Alpha = 0.001; Epochs = 50 }
      "elasticnet_softmax_blobs_f10_b32_init0.json",
      b32 e |> Experiment.withElasticNet 0.01 0.5 |> fun x -> { x with Data = f10; Loss = LossKind.Softmax; Alpha = 0.001; Epochs = 60 }
      "ovr_modified_huber_blobs600_c3_b32_init0.json", { b32 e with Data = blobs3; Loss = LossKind.ModifiedHuber; Alpha = 0.0005; Epochs = 50 }
      "ovr_squared_hinge_blobs600_c3_b32_init0.json", { b32 e with Data = blobs3; Loss = LossKind.SquaredHinge; Alpha = 0.0005; Epochs = 50 } ]

/// (d, K) lists as numpy's W.tolist(), flattened row-major, from class-major weights.
let private rowMajor (features: int) (outputs: int) (w: float[]) =
    Array.init (features * outputs) (fun i -> w.[(i % outputs) * features + i / outputs])

/// A (d, K) list of lists, flattened row-major.
let private nested e = Array.concat (rows e)

let private referenceCases = [| for name, _ in references -> TestCaseData(name).SetArgDisplayNames(name) |]

[<TestCaseSource(nameof referenceCases)>]
let ``training reproduces torch within 1e-9`` (name: string) =
    let r = load name
    let e = references |> List.find (fst >> (=) name) |> snd
    let run = Run.experiment e
    let o = run.Outcome
    Assert.That(o.Outputs, Is.EqualTo((prop "outputs" r).GetInt32()), "outputs")
    Assert.That(rowMajor o.Features o.Outputs o.InitialWeights, Is.EqualTo(nested (prop "initial_weights" r)), "initial weights")
    assertClose 1e-9 (doubles (prop "losses" r)) o.History.Losses
    assertClose 1e-9 (nested (prop "weights" r)) (rowMajor o.Features o.Outputs o.Weights)
    Assert.That(run.Report.Accuracy, Is.EqualTo((prop "accuracy" r).GetDouble()), "accuracy")
    Assert.That(o.ZeroWeights, Is.EqualTo((prop "zero_weights" r).GetInt32()), "zero weights")

[<Test>]
let ``the L1 reference sets weights exactly to zero and a float32 run follows it`` () =
    let e = references |> List.find (fst >> (=) "l1_softmax_blobs_f10_b32_init0.json") |> snd
    let f64 = Run.experiment e
    Assert.That(f64.Outcome.ZeroWeights, Is.GreaterThan 0)
    Assert.That(f64.Outcome.Weights |> Array.filter ((=) 0.0) |> Array.length, Is.EqualTo f64.Outcome.ZeroWeights)
    let f32 = Run.experiment (e |> Experiment.withPrecision Float32)
    assertClose 1e-4 f64.Outcome.History.Losses f32.Outcome.History.Losses

[<Test>]
let ``class weights by name equal to balanced's train the same model`` () =
    let e = references |> List.find (fst >> (=) "balanced_hinge_imbalanced_b32_init0.json") |> snd
    let p = Run.prepare e
    let counts = p.Train.Y |> Array.countBy id |> Map.ofArray
    let n = float p.Train.Y.Length
    let given = Given [ for c in 0 .. 1 -> string c, n / (2.0 * float counts.[c]) ]
    let balanced = Run.experiment e
    let named = Run.experiment { e with ClassWeight = given }
    Assert.That(named.Outcome.History.Losses, Is.EqualTo balanced.Outcome.History.Losses)
    Assert.That(named.Outcome.Weights, Is.EqualTo balanced.Outcome.Weights)
    // The classification report stays unweighted: its supports are the test rows' counts.
    Assert.That(balanced.Report.MacroAvg.Support, Is.EqualTo p.Test.Y.Length)

[<Test>]
let ``class weights multiply each row's loss`` () =
    let e = { Experiment.lesson with Loss = LossKind.Hinge; Epochs = 1 }
    let plain = Run.experiment e
    let doubled = Run.experiment { e with ClassWeight = Given [ "0", 2.0; "1", 2.0 ] }
    Assert.That(doubled.Outcome.History.Losses.[0], Is.EqualTo(2.0 * plain.Outcome.History.Losses.[0]).Within(1e-12).Percent)

let private sklearnCases =
    [| for c in (load "sklearn_linear.json").EnumerateArray() do
           for loss, model, multiClass in [ "softmax", "LogisticRegression", "multinomial"; "hinge", "LinearSVC", "ovr" ] ->
               let name = (prop "name" c).GetString()
               TestCaseData(name, loss, model, multiClass).SetArgDisplayNames($"{name} {loss}") |]

[<TestCaseSource(nameof sklearnCases)>]
let ``softmax and hinge reach scikit-learn's accuracy within 1 point`` (name: string, loss: string, model: string, multiClass: string) =
    let c = (load "sklearn_linear.json").EnumerateArray() |> Seq.find (fun c -> (prop "name" c).GetString() = name)
    let theirs =
        (prop "models" c).EnumerateArray()
        |> Seq.find (fun m -> (prop "model" m).GetString() = model && (prop "multi_class" (prop "params" m)).GetString() = multiClass)
        |> prop "accuracy"
    let csv = (prop "csv" c).GetString()
    let dir = freshFolder "sklearn-linear"
    File.Copy(path csv, Path.Combine(dir, csv))
    let o =
        runIn dir
            [ "train"; "--csv"; csv; "--label"; (prop "label" c).GetString(); "--scale"; "standard"; "--loss"; loss
              "--test-size"; string ((prop "test_size" c).GetDouble()); "--split-seed"; string ((prop "split_seed" c).GetInt32())
              "--optimizer"; "gd"; "--alpha"; "0.01"; "--epochs"; "200"; "--no-plots"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    Assert.That((prop "support" (prop "macro avg" (prop "report" j))).GetInt32(), Is.EqualTo((prop "test_rows" c).GetInt32()))
    let ours = (prop "accuracy" j).GetDouble()
    Assert.That(ours, Is.GreaterThanOrEqualTo(theirs.GetDouble() - 0.01), $"descent {ours}, scikit-learn {theirs}")

let private numbers (line: string) =
    line.Split(',').[1..] |> Array.map csvNumber

[<TestCase("softmax", "p_", true)>]
[<TestCase("modified-huber", "p_", true)>]
[<TestCase("hinge", "score_", false)>]
[<TestCase("squared-hinge", "score_", false)>]
[<TestCase("perceptron", "score_", false)>]
let ``predict writes probabilities or decision scores as the loss gives them`` (loss: string, prefix: string, probabilities: bool) =
    let dir = freshFolder "predict-loss"
    File.Copy(path "iris.csv", Path.Combine(dir, "iris.csv"))
    let train = runIn dir [ "train"; "--csv"; "iris.csv"; "--loss"; loss; "--epochs"; "50"; "--no-plots" ]
    Assert.That(train.ExitCode, Is.EqualTo 0, train.Stderr)
    let m = readJson (Path.Combine(dir, "out", "model.json"))
    Assert.That((prop "loss" m).GetString(), Is.EqualTo loss)
    Assert.That((prop "outputKind" m).GetString(), Is.EqualTo(if probabilities then "probabilities" else "scores"))
    Assert.That((prop "formatVersion" m).GetInt32(), Is.EqualTo 3)
    let o = runIn dir [ "predict"; "--model"; "out/model.json"; "--csv"; "iris.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = o.Stdout.Replace("\r", "").TrimEnd().Split('\n')
    Assert.That(lines.[0], Is.EqualTo $"predicted,{prefix}0,{prefix}1,{prefix}2")
    // As Parquet, the same column names (converted back, the class columns come before the label).
    let pq = runIn dir [ "predict"; "--model"; "out/model.json"; "--csv"; "iris.csv"; "--out"; "p.parquet" ]
    Assert.That(pq.ExitCode, Is.EqualTo 0, pq.Stderr)
    Assert.That((runIn dir [ "convert"; "p.parquet"; "p.csv" ]).ExitCode, Is.EqualTo 0)
    Assert.That(Seq.head (File.ReadLines(Path.Combine(dir, "p.csv"))), Is.EqualTo $"{prefix}0,{prefix}1,{prefix}2,predicted")
    let model = ModelFile.load (Path.Combine(dir, "out", "model.json"))
    let data = CsvDataset.load (Experiment.tableFile (path "iris.csv"))
    let x = Matrix.appendOnes (Scaler.apply model.Scaler data.X)
    let scores = Model.scores model.Weights model.Outputs x
    for i in 0 .. data.Y.Length - 1 do
        let values = numbers lines.[i + 1]
        let z = Array.init 3 (fun k -> scores.[k * data.Y.Length + i])
        let expected =
            match loss with
            | "softmax" ->
                let e = z |> Array.map (fun v -> exp (v - Array.max z))
                e |> Array.map (fun v -> v / Array.sum e)
            | "modified-huber" ->
                let p = z |> Array.map (fun v -> (Math.Clamp(v, -1.0, 1.0) + 1.0) / 2.0)
                if Array.sum p = 0.0 then Array.create 3 (1.0 / 3.0) else p |> Array.map (fun v -> v / Array.sum p)
            | _ -> z
        for k in 0 .. 2 do
            Assert.That(values.[k], Is.EqualTo(expected.[k]).Within(1e-12 * max 1.0 (abs expected.[k])), $"row {i}, class {k}")
        Assert.That(lines.[i + 1].Split(',').[0], Is.EqualTo(string (Array.findIndex ((=) (Array.max z)) z)), $"row {i}")

[<Test>]
let ``a binary hinge model's two score columns are -z and z`` () =
    let dir = freshFolder "predict-hinge2"
    Assert.That((runIn dir [ "train"; "--loss"; "hinge"; "--no-plots" ]).ExitCode, Is.EqualTo 0)
    File.WriteAllText(Path.Combine(dir, "points.csv"), "-9.5,-4.3\n-2.4,2.8\n")
    let o = runIn dir [ "predict"; "--model"; "out/model.json"; "--csv"; "points.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = o.Stdout.Replace("\r", "").TrimEnd().Split('\n')
    Assert.That(lines.[0], Is.EqualTo "predicted,score_0,score_1")
    let model = ModelFile.load (Path.Combine(dir, "out", "model.json"))
    let w = model.Weights
    for i, (a, b) in [ 1, (-9.5, -4.3); 2, (-2.4, 2.8) ] do
        let z = a * w.[0] + b * w.[1] + w.[2]
        let v = numbers lines.[i]
        Assert.That(v.[1], Is.EqualTo(z).Within(1e-12 * abs z))
        Assert.That(v.[0], Is.EqualTo(-v.[1]))
        Assert.That(lines.[i].Split(',').[0], Is.EqualTo(if z > 0.0 then "1" else "0"))

[<Test>]
let ``train with L1 reports the zero weights in the text, the run JSON and model.json`` () =
    let dir = freshFolder "l1"
    let args = [ "train"; "--samples"; "800"; "--features"; "10"; "--cluster-std"; "4"; "--data-seed"; "3"; "--loss"; "softmax"; "--l1"; "0.5"
                 "--optimizer"; "sgd"; "--alpha"; "0.001"; "--epochs"; "60"; "--no-plots" ]
    let text = runIn dir args
    Assert.That(text.ExitCode, Is.EqualTo 0, text.Stderr)
    let reference = (prop "zero_weights" (load "l1_softmax_blobs_f10_b32_init0.json")).GetInt32()
    Assert.That(text.Stdout, Does.Contain $"[INFO] zero weights: {reference} of 20 (biases not counted)")
    let m = readJson (Path.Combine(dir, "out", "model.json"))
    Assert.That((prop "zeroWeights" m).GetInt32(), Is.EqualTo reference)
    Assert.That((prop "l1" (prop "settings" m)).GetDouble(), Is.EqualTo 0.5)
    let json = runIn dir (args @ [ "--json"; "--out"; "j" ])
    let j = parseJson json.Stdout
    Assert.That((prop "zeroWeights" j).GetInt32(), Is.EqualTo reference)
    Assert.That((prop "weights" j).GetArrayLength(), Is.EqualTo 11)
    Assert.That((prop "weights" j).[0].GetArrayLength(), Is.EqualTo 2, "softmax with two classes has (d, 2) weights")

[<Test>]
let ``settings with the new penalties and class weights read back as they were written`` () =
    for e in
        [ Experiment.lesson |> Experiment.withElasticNet 0.01 0.3 |> Experiment.withLoss LossKind.Softmax
          { Experiment.lesson with L1 = 0.2; Loss = LossKind.Hinge; ClassWeight = Balanced }
          { Experiment.lesson with Loss = LossKind.Perceptron; ClassWeight = Given [ "0", 0.5; "1", 3.25 ] } ] do
        let text = Json.toText (fun w -> w.WriteStartObject(); ExperimentJson.experiment w e; w.WriteEndObject())
        let back = ExperimentJson.read (parseJson text |> prop "settings")
        Assert.That(back, Is.EqualTo { e with Threads = 1 })

[<Test>]
let ``an older model file without the output kind is still read`` () =
    let text = """{"formatVersion": 2, "features": 2, "outputs": 1, "featureNames": ["x0", "x1"], "labelColumn": "y", "classes": ["0", "1"], "loss": "logloss", "scaler": {"kind": "none"}, "weights": [0.5, -0.25, 1.0]}"""
    let m = ModelFile.parse "old.json" text
    Assert.That(m.Loss, Is.EqualTo LossKind.LogLoss)
    Assert.That(m.Outputs, Is.EqualTo 1)
    Assert.That(m.ZeroWeights, Is.EqualTo 0)

[<Test>]
let ``a model whose loss predict cannot apply is refused naming it`` () =
    let dir = freshFolder "predict-unknown-loss"
    File.WriteAllText(Path.Combine(dir, "m.json"), """{"formatVersion": 3, "featureNames": ["x0", "x1"], "classes": ["0", "1"], "loss": "crammer-singer", "weights": [0.5, -0.25, 1.0]}""")
    File.WriteAllText(Path.Combine(dir, "p.csv"), "1,2\n")
    let o = runIn dir [ "predict"; "--model"; "m.json"; "--csv"; "p.csv" ]
    assertRefused [ "--model m.json"; "unknown loss 'crammer-singer'" ] o

[<Test>]
let ``sweep --losses trains each loss`` () =
    let dir = freshFolder "sweep-losses"
    let o = runIn dir [ "sweep"; "--losses"; "logloss,softmax,hinge"; "--alphas"; "0.01"; "--epochs"; "5"; "--no-plots"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let runs = [ for r in (prop "runs" j).EnumerateArray() -> r ]
    Assert.That(runs.Length, Is.EqualTo 3)
    for r, loss in List.zip runs [ LossKind.LogLoss; LossKind.Softmax; LossKind.Hinge ] do
        let alone = Run.experiment { Experiment.lesson with Loss = loss; Epochs = 5 }
        Assert.That((prop "loss" (prop "settings" r)).GetString(), Is.EqualTo(Names.lossName loss))
        Assert.That(doubles (prop "losses" r), Is.EqualTo alone.Outcome.History.Losses)

[<TestCase("softmax", 10, 10)>]
[<TestCase("hinge", 4, 4)>]
[<TestCase("modified-huber", 2, 1)>]
let ``bench times a loss with a class count and allocates nothing`` (loss: string, classes: int, outputs: int) =
    let o = run [ "bench"; "--sizes"; "20000x9"; "--epochs"; "3"; "--loss"; loss; "--classes"; string classes; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let s = prop "settings" j
    Assert.That((prop "loss" s).GetString(), Is.EqualTo loss)
    Assert.That((prop "outputs" s).GetInt32(), Is.EqualTo outputs)
    let r = (prop "results" j).[0]
    Assert.That((prop "bytes" r).GetInt64(), Is.EqualTo(20000L * int64 (9 + outputs) * 8L))
    Assert.That((prop "allocatedBytesPerEpoch" r).GetDouble(), Is.Zero)
