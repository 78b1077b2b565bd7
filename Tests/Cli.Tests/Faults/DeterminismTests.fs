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

[<TestCase("gd")>]
[<TestCase("sgd")>]
let ``train gives identical JSON and CSV twice and with any thread count`` (optimizer: string) =
    let extra = [ "--optimizer"; optimizer; "--shuffle"; "--samples"; "30000"; "--features"; "6"; "--centers"; "3"; "--epochs"; "8" ]
    match trainTwice extra with
    | [ (json1, csv1, model1); (json2, csv2, model2) ] ->
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
