/// Networks outside the reference runs: the flat weights ↔ layer matrices, the initial-weight schemes' draws, the model
/// file (version 4) and `descent predict`'s forward pass, the settings' round trip, and sweeps of networks.
module Descent.Tests.NetworkModelTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent
open Descent.Core

let private irisNetwork =
    Experiment.lesson
    |> Experiment.withData (Table(Experiment.tableFile (path "iris.csv")))
    |> Experiment.withScale Standard
    |> Experiment.withLoss LossKind.Softmax
    |> Experiment.withHidden [ 8; 5 ]
    |> Experiment.withActivation ActivationKind.Tanh
    |> Experiment.adam 16
    |> Experiment.withEpochs 40

[<Test>]
let ``layers and flatten are inverse and follow the core's layout`` () =
    let layout = NetworkLayout(3, 4, 2)
    let flat = Array.init layout.WeightCount float
    let m = Network.layers layout flat
    Assert.That(m.Length, Is.EqualTo 2)
    Assert.That((m.[0].Length, m.[0].[0].Length), Is.EqualTo((4, 4)), "W_1 is (3 + 1) × 4")
    Assert.That((m.[1].Length, m.[1].[0].Length), Is.EqualTo((5, 2)), "W_2 is (4 + 1) × 2")
    // Row-major, bias row last: W_2's bias row starts at the core's BiasStart(1).
    Assert.That(m.[1].[4].[0], Is.EqualTo(float (layout.BiasStart 1)))
    Assert.That(m.[0].[1].[2], Is.EqualTo(float (layout.Offset 0 + 1 * 4 + 2)))
    Assert.That(Network.flatten layout m, Is.EqualTo flat)
    Assert.Throws<ArgumentException>(fun () -> Network.flatten layout [| m.[0] |] |> ignore) |> ignore

[<Test>]
let ``the default initial weights are the core's reference draws`` () =
    let layout = NetworkLayout(2, 16, 8, 3)
    let expected = Array.zeroCreate layout.WeightCount
    layout.FillInitialWeights(RandomState 7L, Span expected)
    Assert.That(Network.initialWeights LeCunNormal 7L layout, Is.EqualTo expected)

[<Test>]
let ``Glorot and He draw from one generator layer after layer with their formulas`` () =
    let layout = NetworkLayout(2, 6, 1)
    let rows0, rows1 = 3 * 6, 7 * 1
    let check init (draw: RandomState -> float -> float -> float) (scale: float -> float -> float) =
        let rng = RandomState 11L
        let expected =
            [| for _ in 1 .. rows0 -> draw rng (scale 2.0 6.0) 0.0
               for _ in 1 .. rows1 -> draw rng (scale 6.0 1.0) 0.0 |]
        Assert.That(Network.initialWeights init 11L layout, Is.EqualTo(expected).Within(1e-15), $"{init}")
    let uniform (rng: RandomState) a _ = rng.Uniform(-a, a)
    let normal (rng: RandomState) std _ =
        let v = Array.zeroCreate 1
        rng.FillStandardNormal(Span v)
        v.[0] * std
    check GlorotUniform uniform (fun i o -> sqrt (6.0 / (i + o)))
    check HeUniform uniform (fun i _ -> sqrt (6.0 / i))
    check GlorotNormal normal (fun i o -> sqrt (2.0 / (i + o)))
    check HeNormal normal (fun i _ -> sqrt (2.0 / i))

[<Test>]
let ``a network's model file is version 4, round-trips and predicts training's classes`` () =
    let r = Run.experiment irisNetwork
    Assert.That(r.Report.Accuracy, Is.GreaterThan 0.9, "the network learned iris")
    let m = ModelFile.parse "model.json" (ModelFile.json r)
    Assert.That(m.FormatVersion, Is.EqualTo 4)
    Assert.That(m.Hidden, Is.EqualTo [ 8; 5 ])
    Assert.That(m.Activation, Is.EqualTo ActivationKind.Tanh)
    Assert.That(m.Weights, Is.EqualTo r.Outcome.Weights)
    let raw = Split.trainTest 0.5 42L (Run.load r.Experiment) |> snd
    let p = Predict.predict m raw.X
    Assert.That(p.Classes, Is.EqualTo r.Predictions)
    for row in p.Probabilities do
        Assert.That(Array.sum row, Is.EqualTo(1.0).Within(1e-12))
    // The settings read back as the same network.
    let settings = (parseJson (ModelFile.json r)).GetProperty "settings"
    Assert.That((ExperimentJson.read settings).Architecture, Is.EqualTo irisNetwork.Architecture)

[<Test>]
let ``a reader refuses a model file of a later format by its number`` () =
    let r = Run.experiment (irisNetwork |> Experiment.withEpochs 2)
    let text = (ModelFile.json r).Replace("\"formatVersion\": 4", "\"formatVersion\": 5")
    Assert.That(text, Does.Contain "\"formatVersion\": 5")
    let ex = Assert.Throws<DescentError>(fun () -> ModelFile.parse "net.json" text |> ignore)
    Assert.That(ex.Message, Does.Contain "format version 5 is not supported (this descent reads 1 to 4)")
    // A layered file's matrices of the wrong shape are refused, naming the shapes.
    let wrong = (ModelFile.json r).Replace("\"hidden\": [\n    8,\n    5\n  ]", "\"hidden\": [\n    8,\n    6\n  ]")
    Assert.That(wrong, Is.Not.EqualTo(ModelFile.json r), "the hidden widths were edited")
    let shape = Assert.Throws<DescentError>(fun () -> ModelFile.parse "net.json" wrong |> ignore)
    Assert.That(shape.Message, Does.Contain "'weights' must be the layers' matrices (5×8, 9×6, 7×3)")

[<Test>]
let ``descent predict runs a saved network's forward pass`` () =
    let dir = freshFolder "predict-net"
    File.Copy(path "iris.csv", Path.Combine(dir, "iris.csv"))
    let train =
        runIn dir [ "train"; "--csv"; "iris.csv"; "--loss"; "softmax"; "--hidden"; "8,5"; "--activation"; "tanh"; "--optimizer"; "adam"
                    "--batch-size"; "16"; "--epochs"; "40"; "--no-plots"; "--save-model"; "net.json" ]
    Assert.That(train.ExitCode, Is.EqualTo 0, train.Stderr)
    let o = runIn dir [ "predict"; "--model"; "net.json"; "--csv"; "iris.csv"; "--out"; "preds.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let model = ModelFile.load (Path.Combine(dir, "net.json"))
    Assert.That(model.Hidden, Is.EqualTo [ 8; 5 ])
    let data = CsvDataset.load (Experiment.tableFile (path "iris.csv"))
    let expected = Predict.predict model data.X
    let preds = File.ReadAllLines(Path.Combine(dir, "preds.csv"))
    Assert.That(preds.Length, Is.EqualTo 151)
    for i in 0 .. 149 do
        let f = preds.[i + 1].Split(',')
        Assert.That(f.[0], Is.EqualTo model.Classes.[expected.Classes.[i]], $"row {i}")
        Assert.That(f.[1..] |> Array.map csvNumber, Is.EqualTo expected.Probabilities.[i], $"row {i}")
    // The forward pass computed another way: tanh layers by hand from the layer matrices.
    let x = Matrix.appendOnes (Scaler.apply model.Scaler data.X)
    let layers = Network.layers (ModelFile.layoutOf model).Value model.Weights
    for i in 0 .. 149 do
        let mutable a = Array.init x.Cols (fun j -> x.Data.[j * x.Rows + i])
        for l in 0 .. layers.Length - 1 do
            let w = layers.[l]
            let z = Array.init w.[0].Length (fun k -> Seq.sum (seq { for r in 0 .. w.Length - 1 -> a.[r] * w.[r].[k] }))
            a <- if l = layers.Length - 1 then z else Array.append (Array.map tanh z) [| 1.0 |]
        let best = Array.findIndex ((=) (Array.max a)) a
        Assert.That(best, Is.EqualTo expected.Classes.[i], $"row {i} by hand")

[<Test>]
let ``without --hidden the run JSON and model file hold no network fields`` () =
    let o = run [ "train"; "--json"; "--epochs"; "3"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    for name in [ "hidden"; "activation"; "init" ] do
        Assert.That((prop "settings" j).TryGetProperty(name) |> fst, Is.False, name)
    Assert.That((prop "weights" j).[0].ValueKind, Is.EqualTo Text.Json.JsonValueKind.Number, "a flat list, as before")

[<Test>]
let ``a sweep trains networks and its runs equal single runs`` () =
    let dir = freshFolder "sweep-net"
    let o =
        runIn dir [ "sweep"; "--data"; path "xor_200_n0.05_seed1.csv"; "--label"; "label"; "--scale"; "none"; "--hidden"; "3"
                    "--activation"; "sigmoid"; "--loss"; "logloss"; "--optimizers"; "sgd,adam"; "--alphas"; "0.1,0.5"; "--epochs"; "20"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let single =
        Run.experiment (
            Experiment.lesson
            |> Experiment.withData (Table { Experiment.tableFile (path "xor_200_n0.05_seed1.csv") with Label = Some "label" })
            |> Experiment.withScale NoScaling
            |> Experiment.withHidden [ 3 ]
            |> Experiment.withActivation ActivationKind.Sigmoid
            |> Experiment.withLoss LossKind.LogLoss
            |> Experiment.adam 32
            |> Experiment.withAlpha 0.5
            |> Experiment.withEpochs 20)
    Assert.That(single.Outcome.Sizes, Is.EqualTo [| 2; 3; 1 |])
    let table = Directory.GetFiles(dir, "*.csv", SearchOption.AllDirectories)
    Assert.That(table, Is.Not.Empty, "the sweep wrote its table")
    let text = String.Join("\n", table |> Array.map File.ReadAllText)
    Assert.That(text, Does.Contain(PyFormat.roundTrip (Array.last single.Outcome.History.Losses)), "adam 0.5's final loss is in the table")

let gradcheckCases =
    [| [ "--hidden"; "8,4"; "--activation"; "tanh"; "--loss"; "logloss" ]
       [ "--hidden"; "6"; "--activation"; "sigmoid"; "--loss"; "sse"; "--l2"; "0.1" ]
       [ "--hidden"; "5"; "--activation"; "relu"; "--loss"; "softmax"; "--centers"; "3"; "--at"; "final"; "--epochs"; "5" ]
       [ "--hidden"; "4,3"; "--activation"; "tanh"; "--loss"; "softmax"; "--centers"; "3"; "--l1"; "0.01"; "--init"; "glorot-uniform" ] |]

[<TestCaseSource(nameof gradcheckCases)>]
let ``descent gradcheck --hidden agrees with central differences within 1e-6`` (args: string list) =
    let o = run ([ "gradcheck"; "--json" ] @ args)
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    Assert.That((prop "passed" j).GetBoolean(), Is.True)
    Assert.That((prop "maxRelativeError" j).GetDouble(), Is.LessThanOrEqualTo 1e-6)
    let weights = prop "weights" j
    // Every weight of every layer is checked (2 features; the outputs are 1, or 3 for softmax).
    let widths = (List.item (List.findIndex ((=) "--hidden") args + 1) args).Split(',') |> Array.map int |> List.ofArray
    let outputs = if List.contains "softmax" args then 3 else 1
    let expected = (2 :: widths @ [ outputs ]) |> List.pairwise |> List.sumBy (fun (a, b) -> (a + 1) * b)
    Assert.That(weights.GetArrayLength(), Is.EqualTo expected)
    Assert.That((prop "name" weights.[0]).GetString(), Is.EqualTo "W1[0,0]")
    // Not a vacuous check: the analytic gradient is not all zero.
    Assert.That([ for w in weights.EnumerateArray() -> abs ((prop "analytic" w).GetDouble()) ] |> List.max, Is.GreaterThan 1e-3)

[<Test>]
let ``descent bench --hidden times network epochs that allocate nothing`` () =
    let o = run [ "bench"; "--sizes"; "500x9"; "--hidden"; "16,8"; "--loss"; "softmax"; "--classes"; "4"; "--optimizer"; "adam"; "--epochs"; "3"; "--threads"; "1"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    Assert.That((prop "hidden" (prop "settings" j)).GetString(), Is.EqualTo "16,8")
    let r = (prop "results" j).[0]
    // A network epoch does more than the linear model's on the same data: a product per layer, forward and back.
    let linear = parseJson (run [ "bench"; "--sizes"; "500x9"; "--loss"; "softmax"; "--classes"; "4"; "--optimizer"; "adam"; "--epochs"; "3"; "--threads"; "1"; "--json" ]).Stdout
    Assert.That((prop "median" (prop "epochSeconds" r)).GetDouble(), Is.GreaterThan((prop "median" (prop "epochSeconds" (prop "results" linear).[0])).GetDouble()))
    Assert.That((prop "allocatedBytesPerEpoch" r).GetDouble(), Is.EqualTo 0.0)

[<Test>]
let ``sweep --init-seeds runs every seed of ranges and lists, each as its single run`` () =
    let dir = freshFolder "sweep-seeds"
    let o =
        runIn dir [ "sweep"; "--data"; path "xor_200_n0.05_seed1.csv"; "--label"; "label"; "--scale"; "none"; "--hidden"; "2"
                    "--activation"; "sigmoid"; "--loss"; "logloss"; "--optimizer"; "adam"; "--alpha"; "0.5"; "--init-seeds"; "3,0-2,7"
                    "--epochs"; "15"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let rows = File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv"))
    let header = rows.[0].Split(',')
    let seedAt, lossAt = Array.IndexOf(header, "init_seed"), Array.IndexOf(header, "final_loss")
    Assert.That(rows.[1..] |> Array.map (fun r -> r.Split(',').[seedAt]), Is.EqualTo [| "3"; "0"; "1"; "2"; "7" |])
    for r in rows.[1..] do
        let f = r.Split(',')
        let single =
            Run.experiment (
                Experiment.lesson
                |> Experiment.withData (Table { Experiment.tableFile (path "xor_200_n0.05_seed1.csv") with Label = Some "label" })
                |> Experiment.withScale NoScaling
                |> Experiment.withHidden [ 2 ]
                |> Experiment.withActivation ActivationKind.Sigmoid
                |> Experiment.withLoss LossKind.LogLoss
                |> Experiment.adam 32
                |> Experiment.withAlpha 0.5
                |> Experiment.withEpochs 15
                |> Experiment.withInitSeed (int64 f.[seedAt]))
        Assert.That(csvNumber f.[lossAt], Is.EqualTo(Array.last single.Outcome.History.Losses), $"seed {f.[seedAt]}")
