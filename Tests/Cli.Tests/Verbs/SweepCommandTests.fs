/// `descent sweep` and `descent merge` run as a user runs them.
module Descent.Tests.SweepCommandTests

open System.IO
open System.Text.Json
open System.Text.Json.Nodes
open NUnit.Framework
open Descent.Tests.Constraints

let private ok (o: Outcome) =
    Assert.That(o.ExitCode, Is.EqualTo 0, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    o

/// Every file of a folder, name and bytes, sorted by name.
let private files (dir: string) =
    Directory.GetFiles dir |> Array.sort |> Array.map (fun f -> Path.GetFileName f, File.ReadAllBytes f)

let private assertSameFiles (expectedDir: string) (actualDir: string) =
    let expected, actual = files expectedDir, files actualDir
    Assert.That(Array.map fst actual, Is.EqualTo(Array.map fst expected))
    for (name, e), (_, a) in Array.zip expected actual do
        Assert.That(a, Is.EqualTo e, $"{name} differs")

let private grid = [ "--epochs"; "30"; "--optimizers"; "gd,sgd"; "--batch-sizes"; "16,64"; "--momenta"; "0,0.9"; "--alphas"; "0.1,0.01" ]

[<Test>]
let ``each configuration of a sweep has exactly the numbers train gives it alone`` () =
    let dir = freshFolder "sweep-vs-train"
    let sweep = runIn dir [ "sweep"; "--alphas"; "0.1,0.01,0.001"; "--json" ] |> ok
    let runs = (JsonNode.Parse sweep.Stdout |> nonNull).["runs"] |> nonNull
    let runs = runs.AsArray() |> Seq.map nonNull |> List.ofSeq
    Assert.That(runs.Length, Is.EqualTo 3)
    for alpha, run in List.zip [ "0.1"; "0.01"; "0.001" ] runs do
        let alone = runIn dir [ "train"; "--alpha"; alpha; "--json"; "--out"; "train-" + alpha ] |> ok
        let fromSweep = run.AsObject()
        fromSweep.Remove "index" |> ignore
        Assert.That(withoutTimings (fromSweep.ToJsonString()), Is.EqualTo(withoutTimings alone.Stdout), $"alpha {alpha}")
    let csv = File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv"))
    Assert.That(csv.[0], Is.EqualTo "index,alpha,final_loss,best_epoch,best_loss,epochs,stop,test_accuracy")
    Assert.That(csv.Length, Is.EqualTo 4)
    let lesson = load "gd_seed_default_init0.json"
    let fields = csv.[2].Split ','
    Assert.That(fields.[1], Is.EqualTo "0.01")
    assertClose 1e-9 [| Array.last (doubles (prop "losses" lesson)) |] [| float fields.[2] |]
    Assert.That(float fields.[7], Is.EqualTo((prop "accuracy" (prop "report" lesson)).GetDouble()))

[<Test>]
let ``the table shows one row per configuration and GD runs once whatever the batch sizes`` () =
    let o = run ([ "sweep"; "--jobs"; "2" ] @ grid) |> ok
    let lines = o.Stdout.Replace("\r", "").Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
    let header = lines |> Array.find (fun l -> l.TrimStart().StartsWith "#")
    for column in [ "optimizer"; "batch_size"; "momentum"; "alpha"; "final loss"; "best epoch"; "test accuracy"; "time (ms)" ] do
        Assert.That(header, Does.Contain column)
    let rows = lines |> Array.filter (fun l -> l.Length > 0 && System.Char.IsDigit(l.TrimStart().[0]))
    // gd: 2 momenta × 2 alphas; sgd: 2 batch sizes × 2 momenta × 2 alphas.
    Assert.That(rows.Length, Is.EqualTo 12)
    Assert.That(o.Stdout, Does.Contain "[INFO] sweep of 12 configurations")

[<Test>]
let ``any number of jobs gives identical files`` () =
    let dir = freshFolder "jobs"
    let one = runIn dir ([ "sweep"; "--jobs"; "1"; "--json"; "--out"; "one" ] @ grid) |> ok
    let two = runIn dir ([ "sweep"; "--jobs"; "2"; "--json"; "--out"; "two" ] @ grid) |> ok
    assertSameFiles (Path.Combine(dir, "one")) (Path.Combine(dir, "two"))
    // sweep.csv, the two pages and plotly.js beside them.
    Assert.That(Directory.GetFiles(Path.Combine(dir, "one")).Length, Is.EqualTo 4)
    Assert.That(withoutTimings two.Stdout, Is.EqualTo(withoutTimings one.Stdout))

[<Test>]
let ``three shards merged equal the whole sweep`` () =
    let dir = freshFolder "shards"
    let whole = runIn dir ([ "sweep"; "--json"; "--out"; "whole" ] @ grid) |> ok
    // Shards land in two folders, as they would from different machines.
    for i, folder in [ 1, "a"; 2, "b"; 3, "b" ] do
        let o = runIn dir ([ "sweep"; "--shard"; $"{i}/3"; "--out"; folder; "--jobs"; "1" ] @ grid) |> ok
        Assert.That(o.Stdout, Does.Contain $"shard {i}/3: 4 of them")
    Assert.That(Directory.GetFiles(Path.Combine(dir, "b")) |> Array.map Path.GetFileName |> Array.sort,
                Is.EqualTo [| "sweep-part-2-of-3.json"; "sweep-part-3-of-3.json" |])
    let merged = runIn dir [ "merge"; "a"; "b"; "--out"; "merged"; "--json" ] |> ok
    assertSameFiles (Path.Combine(dir, "whole")) (Path.Combine(dir, "merged"))
    Assert.That(withoutTimings merged.Stdout, Is.EqualTo(withoutTimings whole.Stdout))
    let text = runIn dir [ "merge"; "a"; "b"; "--out"; "merged-text" ] |> ok
    Assert.That(text.Stdout, Does.Contain "[INFO] merged 3 parts: 12 configurations")

/// Writes the parts named by (folder, shard, extra flags) into a fresh folder; returns it.
let private parts (specs: (string * string * string list) list) =
    let dir = freshFolder "parts"
    for folder, shard, extra in specs do
        runIn dir ([ "sweep"; "--alphas"; "0.1,0.01,0.001"; "--epochs"; "5"; "--shard"; shard; "--out"; folder ] @ extra) |> ok |> ignore
    dir

let mergeCases =
    [| "a different grid", [ "a", "1/2", []; "b", "2/2", [ "--epochs"; "6" ] ], "different grid"
       "a shard given twice", [ "a", "1/2", []; "b", "1/2", []; "b", "2/2", [] ], "shard 1/2 is given twice"
       "a missing shard", [ "a", "1/3", []; "b", "3/3", [] ], "shard 2/3 is missing"
       "different shard counts", [ "a", "1/2", []; "b", "2/3", [] ], "same number of shards" |]
    |> Array.map (fun (name, specs, message) -> TestCaseData(specs, message).SetArgDisplayNames name)

[<TestCaseSource(nameof mergeCases)>]
let ``merge refuses parts that do not make one sweep, and overwrites nothing`` (specs: (string * string * string list) list, message: string) =
    let dir = parts specs
    let out = Path.Combine(dir, "out")
    Directory.CreateDirectory out |> ignore
    File.WriteAllText(Path.Combine(out, "sweep.csv"), "an earlier sweep")
    let o = runIn dir [ "merge"; "a"; "b" ]
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    assertRefused [] o
    let lines = o.Stderr.Trim().Split('\n')
    Assert.That(lines.Length, Is.EqualTo 1, o.Stderr)
    Assert.That(lines.[0], Does.StartWith "descent: merge: ")
    Assert.That(lines.[0], Does.Contain message)
    assertNoStackTrace o
    Assert.That(Directory.GetFiles out |> Array.map Path.GetFileName, Is.EqualTo [| "sweep.csv" |])
    Assert.That(File.ReadAllText(Path.Combine(out, "sweep.csv")), Is.EqualTo "an earlier sweep")

[<Test>]
let ``merge refuses a file that is not a part`` () =
    let dir = freshFolder "notpart"
    File.WriteAllText(Path.Combine(dir, "sweep-part-1-of-1.json"), "{ \"runs\": [] }")
    let o = runIn dir [ "merge"; "." ]
    Assert.That(o.ExitCode, Is.EqualTo 2)
    assertRefused [] o
    Assert.That(o.Stderr, Does.StartWith "descent: merge: ")
    Assert.That(o.Stderr, Does.Contain "is not a part written by descent sweep --shard")
    Assert.That(Directory.Exists(Path.Combine(dir, "out")), Is.False)

[<Test>]
let ``sweep --help shows the sweep's flags and train's`` () =
    let o = run [ "sweep"; "--help" ] |> ok
    for flag in [ "--alphas"; "--batch-sizes"; "--momenta"; "--optimizers"; "--jobs"; "--shard"; "--yes"; "--epochs"; "--samples"; "--out"; "--json"; "--plotly-js" ] do
        Assert.That(o.Stdout, Does.Contain flag)
    let top = run [ "--help" ] |> ok
    Assert.That(top.Stdout, Does.Contain "sweep")
    Assert.That(top.Stdout, Does.Contain "merge")

[<Test>]
let ``the sweep charts are titled, labelled and name each configuration`` () =
    let dir = freshFolder "sweep-charts"
    runIn dir [ "sweep"; "--epochs"; "5"; "--optimizers"; "gd,sgd"; "--alphas"; "0.1,0.01" ] |> ok |> ignore
    let loss = File.ReadAllText(Path.Combine(dir, "out", "sweep-loss.html"))
    for text in [ "Training loss per configuration"; "Epoch #"; "Loss (log scale)"; "\"type\":\"log\""; "optimizer=gd, alpha=0.1"; "optimizer=sgd, alpha=0.01" ] do
        Assert.That(loss, Does.Contain text)
    let accuracy = File.ReadAllText(Path.Combine(dir, "out", "sweep-accuracy.html"))
    for text in [ "Test accuracy against learning rate"; "Learning rate α (log scale)"; "Test accuracy"; "\"name\":\"optimizer=gd\""; "\"name\":\"optimizer=sgd\"" ] do
        Assert.That(accuracy, Does.Contain text)

[<Test>]
let ``SIGINT before any configuration has finished exits 130 and writes nothing`` () =
    let dir = freshFolder "sweep-sigint"
    let p, out, err = start dir [ "sweep"; "--epochs"; "1000000000"; "--alphas"; "0.1,0.01,0.001" ]
    use _ = p
    waitForLine out (fun l -> l.StartsWith "[INFO] sweep of 3 configurations")
    signal "INT" p
    Assert.That(p.WaitForExit(System.TimeSpan.FromMinutes 1.0), Is.True, "descent did not stop after SIGINT")
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.EqualTo 130, String.concat "\n" err)
    Assert.That(err |> Seq.exists (fun l -> l.Contains "interrupted before any of 3 configurations finished; nothing was written"), Is.True, String.concat "\n" err)
    Assert.That(Directory.GetFileSystemEntries(Path.Combine(dir, "out")), Is.Empty)

[<Test>]
let ``a configuration that diverges is a result of the sweep, not a failure`` () =
    let dir = freshFolder "sweep-diverge"
    let o = runIn dir [ "sweep"; "--alphas"; "1e304,0.01"; "--loss"; "logloss"; "--epochs"; "5" ] |> ok
    Assert.That(o.Stdout, Does.Contain "[INFO] 1 of 2 configurations diverged")
    let csv = File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv"))
    Assert.That(csv.[0], Is.EqualTo "index,alpha,final_loss,best_epoch,best_loss,epochs,stop,test_accuracy")
    // The reference train run: diverges at epoch 2, keeping epoch 1 (see TrainCommandTests).
    Assert.That(csv.[1].Split(',').[5..6], Is.EqualTo [| "1"; "diverged" |])
    Assert.That(csv.[2].Split(',').[5..6], Is.EqualTo [| "5"; "epochs" |])

[<Test>]
let ``a sweep over initial-weight seeds draws each optimizer's final losses and accuracies, one point per seed`` () =
    let dir = freshFolder "sweep-seeds"
    runIn dir [ "sweep"; "--optimizers"; "gd,adam"; "--alphas"; "0.05"; "--init-seeds"; "0-4,9"; "--epochs"; "5"; "--out"; "s" ] |> ok |> ignore
    let sweep = File.ReadAllLines(Path.Combine(dir, "s", "sweep.csv"))
    Assert.That(sweep.Length, Is.EqualTo 13, "12 runs and the header")
    let page = File.ReadAllText(Path.Combine(dir, "s", "sweep-seeds.html"))
    let data = JsonNode.Parse(page.Split("var data = ").[1].Split(";\n").[0]) |> nonNull
    let boxes = [ for t in data.AsArray() -> (t |> nonNull).["name"].GetValue<string>(), (t |> nonNull).["y"].AsArray().Count ]
    Assert.That(boxes, Is.EqualTo [ "optimizer=gd", 6; "optimizer=adam", 6; "optimizer=gd", 6; "optimizer=adam", 6 ])
    // A sweep with one seed draws no such page.
    runIn dir [ "sweep"; "--alphas"; "0.05,0.1"; "--epochs"; "2"; "--out"; "one" ] |> ok |> ignore
    Assert.That(File.Exists(Path.Combine(dir, "one", "sweep-seeds.html")), Is.False)
