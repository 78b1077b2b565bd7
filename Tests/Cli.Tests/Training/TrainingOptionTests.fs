/// The lesson's sequels as options: schedules, stopping rules, validation curve, shuffling, several classes.
module Descent.Tests.TrainingOptionTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent
open Descent.Core

[<Test>]
let ``step and invscaling schedules set each epoch's rate`` () =
    let step = Run.experiment { Experiment.lesson with Schedule = Step(0.5, 10); Epochs = 25 }
    Assert.That(step.Outcome.History.Rates, Is.EqualTo(Array.init 25 (fun e -> 0.01 * (0.5 ** float (e / 10)))))
    let inv = Run.experiment { Experiment.lesson with Schedule = InvScaling 0.1; Epochs = 5 }
    Assert.That(inv.Outcome.History.Rates, Is.EqualTo(Array.init 5 (fun e -> 0.01 / (1.0 + 0.1 * float e))))
    // A constant schedule at the first epoch's rate gives the same first two losses as the schedule.
    Assert.That(step.Outcome.History.Losses.[.. 9], Is.EqualTo((Run.experiment { Experiment.lesson with Epochs = 10 }).Outcome.History.Losses))

[<Test>]
let ``the schedule's rate is in the JSON history`` () =
    let o = run [ "train"; "--json"; "--epochs"; "12"; "--schedule"; "step"; "--decay"; "0.1"; "--step-every"; "5"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let history = (parseJson o.Stdout |> prop "history").EnumerateArray() |> Seq.map (prop "rate" >> _.GetDouble()) |> Array.ofSeq
    Assert.That(history, Is.EqualTo [| for e in 0 .. 11 -> 0.01 * (0.1 ** float (e / 5)) |])

[<Test>]
let ``target loss stops at the first epoch at or below it`` () =
    let full = Run.experiment Experiment.lesson
    let target = 1.0
    let expected = (full.Outcome.History.Losses |> Array.findIndex (fun l -> l <= target)) + 1
    let r = Run.experiment { Experiment.lesson with TargetLoss = Some target }
    Assert.That(r.Outcome.Stop, Is.EqualTo TargetReached)
    Assert.That(r.Outcome.Epochs, Is.EqualTo expected)
    Assert.That(r.Outcome.History.Losses, Is.EqualTo full.Outcome.History.Losses.[.. expected - 1])

[<Test>]
let ``patience stops when the loss has not improved by min-delta`` () =
    let losses = (Run.experiment Experiment.lesson).Outcome.History.Losses
    let patience, minDelta = 3, 1.0
    // Expected epoch from the full curve, by the rule: best so far must drop by more than minDelta.
    let mutable best = infinity
    let mutable wait = 0
    let mutable stopAt = 0
    for i in 0 .. losses.Length - 1 do
        if stopAt = 0 then
            if losses.[i] < best - minDelta then
                best <- losses.[i]
                wait <- 0
            else
                wait <- wait + 1
            if wait >= patience then stopAt <- i + 1
    Assert.That(stopAt, Is.GreaterThan 0)
    let r = Run.experiment { Experiment.lesson with Patience = Some patience; MinDelta = minDelta }
    Assert.That(r.Outcome.Stop, Is.EqualTo NoImprovement)
    Assert.That(r.Outcome.Epochs, Is.EqualTo stopAt)

[<Test>]
let ``the output says which rule stopped training`` () =
    let o = run [ "train"; "--target-loss"; "1"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(o.Stdout, Does.Match @"\[INFO\] stopped at epoch \d+: loss [0-9.]+ <= --target-loss 1")
    let p = run [ "train"; "--patience"; "3"; "--min-delta"; "1"; "--json"; "--no-plots" ]
    let stop = parseJson p.Stdout |> prop "stop"
    Assert.That((prop "reason" stop).GetString(), Is.EqualTo "patience")
    // The run JSON's message is the library's, in its own terms (a script writes the same one); the [INFO] line
    // names the flags.
    Assert.That((prop "message" stop).GetString(), Does.EndWith ": no improvement of 1 in 3 epochs")
    Assert.That(p.Stderr, Does.Contain ": no improvement of --min-delta 1 in --patience 3 epochs")

[<Test>]
let ``validation curve holds out training rows and reports loss and accuracy per epoch`` () =
    let e = { Experiment.lesson with ValidationFraction = 0.2; Epochs = 30 }
    let r = Run.experiment e
    let prepared = Run.prepare e
    Assert.That(prepared.Train.Y.Length, Is.EqualTo 400)
    Assert.That(r.Outcome.History.ValidationLosses.Length, Is.EqualTo 30)
    // The last epoch's validation numbers, recomputed from the final weights on the held-out rows.
    let v = prepared.Validation.Value
    let x = v.X
    let p = Model.classProbabilities r.Outcome.Weights 1 x |> Array.map (fun row -> row.[1])
    let meanLoss = (Array.map2 (fun (pi: float) (yi: int) -> (pi - float yi) ** 2.0) p v.Y |> Array.sum) / float v.Y.Length
    let accuracy = float (Array.map2 (fun a b -> if a = b then 1 else 0) (Model.predict r.Outcome.Weights 1 x) v.Y |> Array.sum) / float v.Y.Length
    Assert.That(r.Outcome.History.ValidationLosses.[29], Is.EqualTo(meanLoss).Within(1e-12))
    Assert.That(r.Outcome.History.ValidationAccuracies.[29], Is.EqualTo accuracy)

[<Test>]
let ``validation appears in JSON, losses.csv and loss.html`` () =
    let dir = freshFolder "validation"
    let o = runIn dir [ "train"; "--validation-fraction"; "0.25"; "--epochs"; "10"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let first = (parseJson o.Stdout |> prop "history").[0]
    Assert.That((prop "validationAccuracy" first).GetDouble(), Is.InRange(0.0, 1.0))
    Assert.That(File.ReadAllLines(Path.Combine(dir, "out", "losses.csv")).[0], Is.EqualTo "epoch,loss,validation_loss,validation_accuracy")
    let data, _ = ChartPage.parts (File.ReadAllText(Path.Combine(dir, "out", "loss.html")))
    // The validation curves hold the JSON history's numbers.
    let history field = [| for h in (prop "history" (parseJson o.Stdout)).EnumerateArray() -> (prop field h).GetDouble() |]
    Assert.That(doubles ((ChartPage.trace "validation loss (mean per row)" data).GetProperty "y"), Is.EqualTo(history "validationLoss"))
    Assert.That(doubles ((ChartPage.trace "validation accuracy" data).GetProperty "y"), Is.EqualTo(history "validationAccuracy"))

[<Test>]
let ``shuffling reshuffles every epoch, deterministically`` () =
    let e = { (Experiment.lesson |> Experiment.sgd 32) with Shuffle = true; Epochs = 5 }
    let a = Run.experiment e
    let b = Run.experiment e
    let plain = Run.experiment { e with Shuffle = false }
    Assert.That(a.Outcome.History.Losses, Is.EqualTo b.Outcome.History.Losses)
    Assert.That(a.Outcome.History.Losses, Is.Not.EqualTo plain.Outcome.History.Losses)
    // The first epoch sees every training row once, so with batch = all rows shuffling changes nothing but order.
    let whole = { e with BatchSize = 500; Epochs = 1 }
    let gd = Run.experiment { Experiment.lesson with Epochs = 1 }
    Assert.That((Run.experiment whole).Outcome.History.Losses.[0], Is.EqualTo(gd.Outcome.History.Losses.[0]).Within(1e-9))

[<Test>]
let ``several classes train one-vs-rest units and report every class`` () =
    let dir = freshFolder "multiclass"
    let o = runIn dir [ "train"; "--centers"; "4"; "--samples"; "800"; "--cluster-std"; "1.0"; "--loss"; "logloss"; "--alpha"; "0.001"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let weights = prop "weights" j
    Assert.That(weights.GetArrayLength(), Is.EqualTo 3)
    Assert.That(weights.[0].GetArrayLength(), Is.EqualTo 4)
    let report = prop "report" j
    for c in [ "0"; "1"; "2"; "3" ] do
        Assert.That((prop "support" (prop c report)).GetInt32(), Is.GreaterThan 0)
    // Chance is 0.25; one-vs-rest linear units cannot always separate a middle blob from the rest.
    Assert.That((prop "accuracy" j).GetDouble(), Is.GreaterThan 0.5)
    // The JSON weights are W (d×K); predicting with them gives the reported accuracy.
    let e = { Experiment.lesson with Data = Blobs { Samples = 800; Features = 2; Centers = 4; ClusterStd = 1.0; Seed = 1L }; Loss = LossKind.LogLoss; Alpha = 0.001 }
    let w = Json.readWeights 3 4 weights
    let p = Run.prepare e
    let predicted = Model.predict w 4 p.Test.X
    let accuracy = float (Array.map2 (fun a b -> if a = b then 1 else 0) predicted p.Test.Y |> Array.sum) / float predicted.Length
    Assert.That((prop "accuracy" j).GetDouble(), Is.EqualTo accuracy)
