/// `descent train` and `descent data` run as a user runs them.
module Descent.Tests.TrainCommandTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

[<Test>]
let ``train --json matches the reference trajectory and report`` () =
    let dir = freshFolder "json"
    let o = runIn dir [ "train"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let r = load "gd_seed_default_init0.json"
    assertClose 1e-9 (doubles (prop "losses" r)) (doubles (prop "losses" j))
    assertClose 1e-9 (doubles (prop "weights" r)) (doubles (prop "weights" j))
    Assert.That(doubles (prop "initialWeights" j), Is.EqualTo(doubles (prop "initial_weights" r)))
    Assert.That((prop "accuracy" j).GetDouble(), Is.EqualTo((prop "accuracy" (prop "report" r)).GetDouble()))
    let report = prop "report" j
    for name in [ "0"; "1"; "macro avg"; "weighted avg" ] do
        for field in [ "precision"; "recall"; "f1-score"; "support" ] do
            let expected = (prop field (prop name (prop "report" r))).GetDouble()
            Assert.That((prop field (prop name report)).GetDouble(), Is.EqualTo(expected).Within(1e-12), $"{name} {field}")
    Assert.That((prop "reason" (prop "stop" j)).GetString(), Is.EqualTo "epochs")
    Assert.That((prop "history" j).GetArrayLength(), Is.EqualTo 100)
    for f in [ "loss.html"; "data.html"; "losses.csv"; "model.json" ] do
        Assert.That(File.Exists(Path.Combine(dir, "out", f)), Is.True, f)

[<Test>]
let ``train prints the lesson's lines and sklearn's report`` () =
    let dir = freshFolder "text"
    let o = runIn dir [ "train"; "--out"; "results" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = o.Stdout.Replace("\r", "").Split('\n')
    Assert.That(lines.[0], Is.EqualTo "[INFO] training...")
    Assert.That(lines.[1], Is.EqualTo "[INFO] epoch=1, loss=342.6178008")
    let epochLines = lines |> Array.filter (fun l -> l.StartsWith "[INFO] epoch=")
    Assert.That(epochLines.Length, Is.EqualTo 21)
    Assert.That(epochLines.[1], Does.StartWith "[INFO] epoch=5, loss=")
    Assert.That(epochLines.[20], Does.StartWith "[INFO] epoch=100, loss=0.40753")
    let result = Run.experiment Experiment.lesson
    Assert.That(o.Stdout, Does.Contain("[INFO] evaluating...\n" + Report.format result.Report + "[INFO] stopped at epoch 100: all --epochs 100 trained\n"))
    Assert.That(o.Stdout, Does.Contain "results")
    let csv = File.ReadAllLines(Path.Combine(dir, "results", "losses.csv"))
    Assert.That(csv.[0], Is.EqualTo "epoch,loss")
    Assert.That(csv.Length, Is.EqualTo 101)
    Assert.That(csvNumber (csv.[1].Split(',').[1]), Is.EqualTo(result.Outcome.History.Losses.[0]))
    let model = readJson (Path.Combine(dir, "results", "model.json"))
    Assert.That(doubles (prop "weights" model), Is.EqualTo result.Outcome.Weights)
    Assert.That((prop "alpha" (prop "settings" model)).GetDouble(), Is.EqualTo 0.01)

[<Test>]
let ``train --no-plots writes no HTML and the loss chart is titled`` () =
    let dir = freshFolder "noplots"
    let o = runIn dir [ "train"; "--epochs"; "3"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(Directory.GetFiles(Path.Combine(dir, "out"), "*.html"), Is.Empty)
    let withPlots = runIn dir [ "train"; "--epochs"; "3"; "--out"; "p" ]
    Assert.That(withPlots.ExitCode, Is.EqualTo 0)
    let html = File.ReadAllText(Path.Combine(dir, "p", "loss.html"))
    Assert.That(html, Does.Contain "Training Loss")
    Assert.That(html, Does.Contain "Epoch #")
    Assert.That(File.ReadAllText(Path.Combine(dir, "p", "data.html")), Does.Contain "decision boundary")

[<Test>]
let ``data writes make_blobs as CSV that parses back to the generated numbers`` () =
    // (The generator itself is checked against scikit-learn bit for bit in DataTests.)
    let dir = freshFolder "data"
    let o = runIn dir [ "data"; "--out"; "blobs.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = File.ReadAllLines(Path.Combine(dir, "blobs.csv"))
    Assert.That(lines.[0], Is.EqualTo "x0,x1,y")
    let ds = Blobs.make 1000 2 2 1.5 1L
    let x = Array.init 1000 (Matrix.row ds.X)
    let y = ds.Y
    Assert.That(lines.Length, Is.EqualTo 1001)
    for i in 0 .. 999 do
        let f = lines.[i + 1].Split(',')
        Assert.That([| csvNumber f.[0]; csvNumber f.[1] |], Is.EqualTo x.[i])
        Assert.That(Int32.Parse f.[2], Is.EqualTo y.[i])
    let toStdout = runIn dir [ "data"; "--samples"; "5"; "--features"; "3"; "--centers"; "3" ]
    Assert.That(toStdout.Stdout.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, Is.EqualTo 6)
    Assert.That(toStdout.Stdout, Does.StartWith "x0,x1,x2,y\n")

[<Test>]
let ``every train flag has a usage line with its default`` () =
    let o = run [ "train"; "--help" ]
    Assert.That(o.ExitCode, Is.EqualTo 0)
    let flagLines = o.Stdout.Split('\n') |> Array.filter (fun l -> l.StartsWith "    --" && not (l.Contains "--help"))
    Assert.That(flagLines.Length, Is.GreaterThanOrEqualTo 30)
    let joined = o.Stdout.Replace("\n", " ")
    for flag in [ "--samples"; "--features"; "--centers"; "--cluster-std"; "--data-seed"; "--test-size"; "--split-seed"; "--init-seed"; "--epochs"; "--alpha"; "--print-every"; "--out" ] do
        Assert.That(o.Stdout, Does.Contain flag)
    // Argu wraps long usage text; every flag's description carries "(default: …)".
    let defaults = Text.RegularExpressions.Regex.Matches(joined, @"\(default:").Count
    Assert.That(defaults, Is.GreaterThanOrEqualTo flagLines.Length)

[<Test>]
let ``divergence stops at once with exit code 3 and keeps the finished epochs`` () =
    let dir = freshFolder "diverge"
    let o = runIn dir [ "train"; "--alpha"; "1e304"; "--loss"; "logloss"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 3, o.Stderr)
    Assert.That(o.Stderr, Does.Contain "diverged at epoch")
    Assert.That(o.Stderr, Does.Contain "--alpha")
    assertNoStackTrace o
    let j = parseJson o.Stdout
    Assert.That((prop "reason" (prop "stop" j)).GetString(), Is.EqualTo "diverged")
    Assert.That((prop "epoch" (prop "stop" j)).GetInt32(), Is.EqualTo 2)
    Assert.That((prop "losses" j).GetArrayLength(), Is.EqualTo 1)
    Assert.That(File.ReadAllLines(Path.Combine(dir, "out", "losses.csv")).Length, Is.EqualTo 2)
    // The weights that diverged are no model: nothing for predict to pick up.
    Assert.That(Directory.GetFiles(Path.Combine(dir, "out")) |> Array.map Path.GetFileName, Is.EqualTo [| "losses.csv" |])

[<TestCase("sgd_b32_init0.json", "0.01", "0")>]
[<TestCase("sgd_b32_m0.9_init0.json", "0.001", "0.9")>]
let ``train --optimizer sgd --json matches the numpy trajectory`` (reference: string, alpha: string, momentum: string) =
    let o = run [ "train"; "--optimizer"; "sgd"; "--alpha"; alpha; "--momentum"; momentum; "--json"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let r = load reference
    assertClose 1e-9 (doubles (prop "losses" r)) (doubles (prop "losses" j))
    assertClose 1e-9 (doubles (prop "weights" r)) (doubles (prop "weights" j))
