/// The same command twice gives byte-identical JSON and CSV (train, sweep, predict), whatever --threads/--jobs (timings live apart in "timings").
module Descent.Tests.DeterminismTests

open System.IO
open System.Text.Json
open System.Text.Json.Nodes
open NUnit.Framework
open Descent.Tests.Constraints

let private trainTwice (extra: string list) =
    [ for threads in [ "1"; "2" ] ->
          let dir = freshFolder "determinism"
          let o = runIn dir ([ "train"; "--json"; "--no-plots"; "--threads"; threads ] @ extra)
          Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
          withoutTimings o.Stdout,
          File.ReadAllBytes(Path.Combine(dir, "out", "losses.csv")),
          File.ReadAllBytes(Path.Combine(dir, "out", "model.json")) ]

/// Rows per batch that take the gradient's threaded path: a batch of more than one chunk (GradientEngine.ChunkRows) is
/// cut into chunks that the worker threads share; a smaller one runs on the calling thread whatever --threads says.
let private threadedBatch = 2 * Descent.Core.GradientEngine<float>.ChunkRows + 1

/// 60,000 generated rows leave 30,000 training rows: batch GD's one batch and SGD's two (16,385 and 13,615 rows) are
/// each more than one chunk.
let private samples = 60_000

/// Whether `e`'s first epoch on its prepared training rows starts the gradient's worker threads.
let private startsWorkers (e: Descent.Experiment) =
    let p = Descent.Run.prepare e
    let outputs = Descent.Model.outputsOf e.Loss p.ClassWeights.Length
    use trainer =
        Descent.Training.batchTrainer<float> e p.Train.X.Data p.TrainTargets p.Train.X.Rows p.Train.X.Cols outputs (Array.zeroCreate (p.Train.X.Cols * outputs))
    trainer.NewEpoch(Descent.Core.RandomState(0L))
    trainer.Epoch e.Alpha |> ignore
    trainer.WorkersStarted

[<TestCase("gd")>]
[<TestCase("sgd")>]
let ``train gives identical JSON and CSV twice and with any thread count`` (optimizer: string) =
    let batch = if optimizer = "sgd" then [ "--batch-size"; string threadedBatch ] else []
    let extra =
        [ "--optimizer"; optimizer; "--shuffle"; "--samples"; string samples; "--features"; "6"; "--centers"; "3"; "--epochs"; "8" ] @ batch
    let e =
        let blobs = { Descent.Experiment.lesson with Data = Descent.Blobs { Samples = samples; Features = 6; Centers = 3; ClusterStd = 1.5; Seed = 1L }; Shuffle = true; Threads = 2 }
        if optimizer = "sgd" then blobs |> Descent.Experiment.sgd threadedBatch else blobs
    Assert.That(startsWorkers e, Is.True, "the run's batches should take the threaded path")
    match trainTwice extra with
    | [ (json1, csv1, model1); (json2, csv2, model2) ] ->
        let settings = JsonNode.Parse(json1).["settings"]
        Assert.That(settings.["optimizer"].GetValue<string>(), Is.EqualTo optimizer)
        if optimizer = "sgd" then Assert.That(settings.["batchSize"].GetValue<int>(), Is.EqualTo threadedBatch)
        Assert.That(json2, Is.EqualTo json1)
        Assert.That(csv2, Is.EqualTo csv1)
        Assert.That(model2, Is.EqualTo model1)
    | _ -> Assert.Fail "expected two runs"

[<Test>]
let ``train with --save-model then predict give identical files on a second run`` () =
    let once () =
        let dir = freshFolder "determinism-predict"
        File.Copy(Descent.Tests.Fixtures.path "iris.csv", Path.Combine(dir, "iris.csv"))
        let train =
            runIn dir [ "train"; "--csv"; "iris.csv"; "--loss"; "logloss"; "--epochs"; "200"; "--no-plots"; "--save-model"; "m.json" ]
        Assert.That(train.ExitCode, Is.EqualTo 0, train.Stderr)
        let predict = runIn dir [ "predict"; "--model"; "m.json"; "--csv"; "iris.csv"; "--out"; "preds.csv" ]
        Assert.That(predict.ExitCode, Is.EqualTo 0, predict.Stderr)
        File.ReadAllBytes(Path.Combine(dir, "m.json")), File.ReadAllBytes(Path.Combine(dir, "preds.csv"))
    let model1, preds1 = once ()
    let model2, preds2 = once ()
    Assert.That(preds1.Length, Is.GreaterThan(150 * 10))
    Assert.That(model2, Is.EqualTo model1)
    Assert.That(preds2, Is.EqualTo preds1)

[<Test>]
let ``the same sweep twice gives identical JSON and CSV`` () =
    let once () =
        let dir = freshFolder "determinism-sweep"
        let o = runIn dir [ "sweep"; "--optimizers"; "gd,sgd"; "--momenta"; "0,0.9"; "--alphas"; "0.1,0.01"; "--epochs"; "20"; "--json"; "--no-plots" ]
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        let runs = JsonNode.Parse(o.Stdout).["runs"].AsArray()
        for run in runs do
            Assert.That(run.AsObject().Remove "timings", Is.True, "a run without timings")
        runs.ToJsonString(), File.ReadAllBytes(Path.Combine(dir, "out", "sweep.csv"))
    let json1, csv1 = once ()
    let json2, csv2 = once ()
    Assert.That(json2, Is.EqualTo json1)
    Assert.That(csv2, Is.EqualTo csv1)
