/// FsCheck properties of the training kernels: σ's range and order, and descent with a small step.
module Descent.Tests.SigmoidPropertyTests

open System
open FsCheck
open FsCheck.FSharp
open FsCheck.NUnit
open NUnit.Framework
open Descent
open Descent.Core

let private finite (NormalFloat z) = z

/// Doubles across the whole finite range, extremes included.
let private anyFinite =
    Gen.oneof
        [ ArbMap.defaults |> ArbMap.generate<NormalFloat> |> Gen.map finite
          Gen.elements [ 1e308; -1e308; Double.MaxValue; -Double.MaxValue; Double.Epsilon; -Double.Epsilon; 0.0; -0.0; 709.8; -709.8; 745.2; -745.2; 36.7; -36.7 ]
          Gen.choose (-800000, 800000) |> Gen.map (fun i -> float i / 1000.0) ]

[<FsCheck.NUnit.Property(MaxTest = 2000)>]
let ``sigmoid stays in [0, 1] for any finite input`` () =
    Prop.forAll (Arb.fromGen anyFinite) (fun z ->
        let p = Sigmoid.Of z
        p >= 0.0 && p <= 1.0)

/// Pairs a < b at most a few times `gap` apart, relative to a's size: close enough that σ's increase between them is
/// only just larger than the exponential's rounding (about 1e−16 relative), so a property that failed to hold would show.
let private closePairs (gap: float) =
    gen {
        let! a = anyFinite
        let! k = Gen.choose (1, 4)
        let b = a + float k * gap * max 1.0 (abs a)
        return a, b
    }

/// σ may step back an ulp or two between neighbouring doubles (see the next property), never between inputs 1e−9
/// apart relative to their size: there σ rises by far more than its rounding error (or stays at exactly 0 or 1).
[<FsCheck.NUnit.Property(MaxTest = 2000)>]
let ``sigmoid is monotone for inputs 1e-9 apart`` () =
    Prop.forAll (Arb.fromGen (closePairs 1e-9)) (fun (a, b) -> Double.IsInfinity b || Sigmoid.Of a <= Sigmoid.Of b)

/// The vector exponential is accurate to about an ulp but not correctly rounded, so between neighbouring doubles σ can
/// step back by an ulp or two (measured: at most 2 in 2·10^6 random neighbours); it never steps back further.
[<FsCheck.NUnit.Property(MaxTest = 2000)>]
let ``sigmoid is monotone to within 2 ulps between neighbouring doubles`` () =
    Prop.forAll (Arb.fromGen anyFinite) (fun z ->
        let up = Math.BitIncrement z
        let back = BitConverter.DoubleToInt64Bits(Sigmoid.Of z) - BitConverter.DoubleToInt64Bits(Sigmoid.Of up)
        Double.IsInfinity up || back <= 2L)

/// Random linearly separable data: labels from a random hyperplane, a bias column last.
let private separable =
    gen {
        let! rows = Gen.choose (1, 60)
        let! features = Gen.choose (1, 5)
        let! seed = Gen.choose (0, Int32.MaxValue)
        return rows, features, uint32 seed
    }

[<FsCheck.NUnit.Property(MaxTest = 300)>]
let ``a gradient step with a small alpha never increases the squared error`` () =
    Prop.forAll (Arb.fromGen separable) (fun (rows, features, seed) ->
        let rng = RandomState seed
        let d = features + 1
        let x = Array.zeroCreate (rows * d)
        rng.FillNormal(Span(x, 0, rows * features), 0.0, 3.0)
        for i in 0 .. rows - 1 do
            x.[features * rows + i] <- 1.0
        let truth = Array.zeroCreate d
        rng.FillStandardNormal(Span truth)
        let y = Array.init rows (fun i -> if Seq.sum (seq { for j in 0 .. d - 1 -> x.[j * rows + i] * truth.[j] }) > 0.0 then 1.0 else 0.0)
        let w = Array.zeroCreate d
        rng.FillStandardNormal(Span w)
        let engine = new GradientEngine<float>(LossKind.SquaredError, d, 1)
        let g = Array.zeroCreate d
        let loss (w: float[]) =
            engine.Compute(ColumnMajorRows<float>.Whole(ReadOnlySpan x, rows, d), ColumnMajorRows<float>.Whole(ReadOnlySpan y, rows, 1), ReadOnlySpan w, Span g)
        let before = loss w
        // SSE/2 has curvature at most ‖X‖²_F/4 along any unit direction, so this step cannot overshoot.
        let alpha = 0.5 / (1.0 + Array.sumBy (fun v -> v * v) x)
        UpdateRules.Plain(Span w, ReadOnlySpan g, alpha)
        let after = loss w
        after <= before * (1.0 + 1e-14) + 1e-300)
