/// Training trajectories against the lesson's numpy scripts (losses and final weights within 1e-9 relative).
module Descent.Tests.ReferenceTrainingTests

open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private check (reference: string) (e: Experiment) =
    let r = load reference
    let result = Run.experiment e
    Assert.That(result.Outcome.InitialWeights, Is.EqualTo(doubles (prop "initial_weights" r)), "initial weights")
    assertClose 1e-9 (doubles (prop "losses" r)) result.Outcome.History.Losses
    assertClose 1e-9 (doubles (prop "weights" r)) result.Outcome.Weights
    result

[<Test>]
let ``batch gradient descent reproduces the lesson`` () =
    let result = check "gd_seed_default_init0.json" Experiment.lesson
    let report = prop "report" (load "gd_seed_default_init0.json")
    Assert.That(result.Report.Accuracy, Is.EqualTo((prop "accuracy" report).GetDouble()))
    Assert.That(result.Outcome.Stop, Is.EqualTo EpochLimit)

[<Test>]
let ``mini-batch SGD reproduces sgd.py`` () =
    let result = check "sgd_b32_init0.json" (Experiment.lesson |> Experiment.sgd 32)
    Assert.That(result.Report.Accuracy, Is.EqualTo((prop "accuracy" (load "sgd_b32_init0.json")).GetDouble()))

[<Test>]
let ``SGD with momentum 0.9 reproduces numpy`` () =
    check "sgd_b32_m0.9_init0.json" (Experiment.lesson |> Experiment.sgd 32 |> Experiment.withMomentum 0.9 |> Experiment.withAlpha 0.001)
    |> ignore

[<Test>]
let ``SGD with Nesterov 0.9 reproduces numpy`` () =
    check "sgd_b32_nesterov0.9_init0.json" (Experiment.lesson |> Experiment.sgd 32 |> Experiment.withNesterov 0.9 |> Experiment.withAlpha 0.001)
    |> ignore

[<Test>]
let ``a batch as large as the training set is batch gradient descent exactly`` () =
    let gd = Run.experiment Experiment.lesson
    for size in [ 500; 501; 10000 ] do
        let sgd = Run.experiment (Experiment.lesson |> Experiment.sgd size)
        Assert.That(sgd.Outcome.History.Losses, Is.EqualTo gd.Outcome.History.Losses)
        Assert.That(sgd.Outcome.Weights, Is.EqualTo gd.Outcome.Weights)

[<Test>]
let ``momentum 0 is plain SGD exactly`` () =
    // The trainer's SGD against the same batches stepped by the momentum rule with μ = 0 (velocity form), by hand.
    let e = Experiment.lesson |> Experiment.sgd 32
    let plain = Run.experiment e
    let p = Run.prepare e
    let x = p.Train.X
    let rows, d = x.Rows, x.Cols
    let y = Array.map float p.Train.Y
    let w = Array.copy plain.Outcome.InitialWeights
    let velocity = Array.zeroCreate d
    let gradient = Array.zeroCreate d
    use engine = new Core.GradientEngine<float>(Core.LossKind.SquaredError, d, 1)
    let losses =
        [| for _ in 1 .. e.Epochs do
               let mutable total, batches, start = 0.0, 0, 0
               while start < rows do
                   let m = min 32 (rows - start)
                   total <- total + engine.Compute(Core.ColumnMajorRows<float>(System.ReadOnlySpan x.Data, rows, start, m, d),
                                                   Core.ColumnMajorRows<float>(System.ReadOnlySpan y, rows, start, m, 1),
                                                   System.ReadOnlySpan w, System.Span gradient)
                   Core.UpdateRules.Momentum<float>(System.Span w, System.Span velocity, System.ReadOnlySpan gradient, e.Alpha, 0.0)
                   batches <- batches + 1
                   start <- start + m
               yield total / float batches |]
    Assert.That(losses, Is.EqualTo plain.Outcome.History.Losses)
    Assert.That(w, Is.EqualTo plain.Outcome.Weights)

[<Test>]
let ``results do not depend on the thread count`` () =
    let big = { Experiment.lesson with Data = Blobs { Samples = 60000; Features = 5; Centers = 3; ClusterStd = 2.0; Seed = 3L }; Epochs = 5 }
    let one = Run.experiment (big |> Experiment.withThreads 1)
    let two = Run.experiment (big |> Experiment.withThreads 2)
    Assert.That(two.Outcome.History.Losses, Is.EqualTo one.Outcome.History.Losses)
    Assert.That(two.Outcome.Weights, Is.EqualTo one.Outcome.Weights)

[<Test>]
let ``float32 training follows the float64 curve closely`` () =
    let f64 = Run.experiment Experiment.lesson
    let f32 = Run.experiment (Experiment.lesson |> Experiment.withPrecision Float32)
    assertClose 1e-3 (Array.truncate 20 f64.Outcome.History.Losses) (Array.truncate 20 f32.Outcome.History.Losses)
    Assert.That(f32.Report.Accuracy, Is.EqualTo f64.Report.Accuracy)
