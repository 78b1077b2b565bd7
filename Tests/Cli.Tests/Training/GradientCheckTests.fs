/// The analytic gradients against central finite differences of the losses they belong to.
module Descent.Tests.GradientCheckTests

open System
open NUnit.Framework
open Descent.Tests.Constraints
open Descent
open Descent.Core

let private problem rows features outputs seed =
    let ds = Blobs.make rows (features - 1) (max 2 outputs) 2.0 seed
    let x = (Matrix.appendOnes ds.X).Data
    let y = Model.targets outputs ds.Y
    let w = Model.initialWeights seed features outputs |> Array.map (fun v -> 0.3 * v)
    x, y, w

let private lossAndGradient (loss: LossKind) rows features outputs (x: float[]) (y: float[]) (w: float[]) =
    let g = Array.zeroCreate (features * outputs)
    let engine = new GradientEngine<float>(loss, features, outputs)
    let l = engine.Compute(ColumnMajorRows<float>.Whole(ReadOnlySpan x, rows, features), ColumnMajorRows<float>.Whole(ReadOnlySpan y, rows, outputs), ReadOnlySpan w, Span g)
    l, g

[<TestCase(LossKind.SquaredError, 0.0, 1)>]
[<TestCase(LossKind.SquaredError, 0.1, 1)>]
[<TestCase(LossKind.LogLoss, 0.0, 1)>]
[<TestCase(LossKind.LogLoss, 0.1, 1)>]
[<TestCase(LossKind.SquaredError, 0.05, 3)>]
[<TestCase(LossKind.LogLoss, 0.05, 3)>]
let ``gradient matches central differences`` (loss: LossKind, lambda: float, outputs: int) =
    let rows, features = 40, 4
    let x, y, w = problem rows features outputs 9L
    // The lesson's squared-error gradient X^T[e·p·(1−p)] drops the factor 2: it is the gradient of SSE / 2.
    let lossScale = if loss = LossKind.SquaredError then 0.5 else 1.0
    let objective (w: float[]) =
        let l, _ = lossAndGradient loss rows features outputs x y w
        lossScale * l + UpdateRules.L2Penalty(ReadOnlySpan w, lambda, features)
    let _, analytic = lossAndGradient loss rows features outputs x y w
    UpdateRules.AddL2(Span analytic, ReadOnlySpan w, lambda, features)
    let h = 1e-6
    for i in 0 .. w.Length - 1 do
        let plus = Array.copy w
        let minus = Array.copy w
        plus.[i] <- plus.[i] + h
        minus.[i] <- minus.[i] - h
        let numeric = (objective plus - objective minus) / (2.0 * h)
        Assert.That(analytic.[i], Is.EqualTo(numeric).Within(1e-6 * max 1.0 (abs numeric)), $"w[{i}]")

[<Test>]
let ``L2 leaves the bias out of the penalty and the gradient`` () =
    let e = { Experiment.lesson with L2 = 0.5; Epochs = 1 }
    let plain = Run.experiment { e with L2 = 0.0 }
    let reg = Run.experiment e
    let w0 = plain.Outcome.InitialWeights
    let penalty = 0.5 * 0.5 * (w0.[0] * w0.[0] + w0.[1] * w0.[1])
    Assert.That(reg.Outcome.History.Losses.[0], Is.EqualTo(plain.Outcome.History.Losses.[0] + penalty).Within(1e-9))
    // The bias moves exactly as without the penalty on the first step: its gradient has no lambda·w term.
    Assert.That(reg.Outcome.Weights.[2], Is.EqualTo(plain.Outcome.Weights.[2]))
    Assert.That(reg.Outcome.Weights.[0], Is.EqualTo(plain.Outcome.Weights.[0] - 0.01 * 0.5 * w0.[0]).Within(1e-12))
