/// The same command twice gives byte-identical JSON and CSV, whatever --threads (timings live apart in "timings").
module Descent.Tests.DeterminismTests

open System.IO
open System.Text.Json
open System.Text.Json.Nodes
open NUnit.Framework
open Descent.Tests.Constraints
open Descent.Tests.DescentProcess

/// The JSON text without its "timings" object.
let withoutTimings (json: string) =
    let node = JsonNode.Parse(json).AsObject()
    Assert.That(node.Remove "timings", Is.True, "no timings field")
    node.ToJsonString()

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
