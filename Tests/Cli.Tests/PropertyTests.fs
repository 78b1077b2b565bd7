/// FsCheck properties: σ's range and order, thresholds, descent with a small step, and that no flag combination escapes
/// as an unhandled exception.
module Descent.Tests.PropertyTests

open System
open System.IO
open System.Threading
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

[<FsCheck.NUnit.Property(MaxTest = 2000)>]
let ``sigmoid is monotone`` () =
    Prop.forAll (Arb.fromGen (Gen.two anyFinite)) (fun (a, b) ->
        let lo, hi = min a b, max a b
        Sigmoid.Of lo <= Sigmoid.Of hi)

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

let private flagValues =
    [ "--samples", [ "0"; "1"; "3"; "40"; "120"; "-5"; "x"; "1e3" ]
      "--features", [ "0"; "1"; "2"; "7"; "-1" ]
      "--centers", [ "0"; "1"; "2"; "3"; "9" ]
      "--cluster-std", [ "0"; "1.5"; "-1"; "nan"; "1e308" ]
      "--test-size", [ "0"; "0.3"; "0.99"; "1"; "-0.2" ]
      "--epochs", [ "0"; "1"; "3"; "-2"; "abc" ]
      "--alpha", [ "0"; "0.1"; "1e308"; "-1"; "inf"; "NaN" ]
      "--optimizer", [ "gd"; "sgd"; "adagrad"; "rmsprop"; "adam"; "adamw"; "nadam"; "radam"; "adamax"; "adadelta"; "adamx"; "" ]
      "--beta1", [ "0"; "0.9"; "1"; "-0.1" ]
      "--eps", [ "1e-8"; "0"; "1e300" ]
      "--rho", [ "0.9"; "1" ]
      "--clip-norm", [ "1"; "0"; "1e-300" ]
      "--warmup", [ "0"; "1"; "5" ]
      "--batch-size", [ "0"; "1"; "7"; "100000" ]
      "--momentum", [ "0"; "0.9"; "1"; "-0.1" ]
      "--l2", [ "0"; "0.1"; "-1" ]
      "--loss", [ "sse"; "logloss"; "hinge" ]
      "--schedule", [ "constant"; "step"; "invscaling"; "exponential"; "cosine"; "plateau"; "cos" ]
      "--gamma", [ "0"; "0.9"; "2" ]
      "--plateau-patience", [ "0"; "-1"; "3" ]
      "--decay", [ "0"; "0.5"; "-1" ]
      "--step-every", [ "0"; "2" ]
      "--target-loss", [ "0"; "100"; "nan" ]
      "--patience", [ "0"; "1"; "2" ]
      "--validation-fraction", [ "0"; "0.2"; "0.99"; "1" ]
      "--threads", [ "0"; "1"; "2" ]
      "--dtype", [ "float32"; "float64"; "int8" ]
      "--data-seed", [ "0"; "4294967295"; "4294967296"; "-1" ] ]

let private switches = [ "--shuffle"; "--nesterov"; "--amsgrad"; "--centered"; "--json"; "--bogus" ]

let private commandLines =
    gen {
        let! picked = Gen.subListOf flagValues
        let! values = picked |> List.map (fun (flag, values) -> Gen.elements values |> Gen.map (fun v -> [ flag; v ])) |> Gen.sequenceToList
        let! extra = Gen.subListOf switches
        return [ "train" ] @ List.concat values @ extra
    }

/// Runs `descent argv` in this process with its output captured; true when it ended with 0, 2 or 3 and threw nothing.
let private endsCleanly (argv: string list) =
    let stdout, stderr = Console.Out, Console.Error
    use sink = new StringWriter()
    Console.SetOut sink
    Console.SetError sink
    try
        let code = Program.run CancellationToken.None (Array.ofList argv)
        List.contains code [ ExitCode.Ok; ExitCode.BadInput; ExitCode.NumericalFailure ]
        |> Prop.label (sprintf "exit code %d for %A:\n%s" code argv (sink.ToString()))
    finally
        Console.SetOut stdout
        Console.SetError stderr

let private scratch () = Path.Combine(TestContext.CurrentContext.WorkDirectory, "runs", "property-" + Guid.NewGuid().ToString("N"))

[<FsCheck.NUnit.Property(MaxTest = 150)>]
let ``no combination of train flags escapes as an unhandled exception`` () =
    let out = scratch ()
    Prop.forAll (Arb.fromGen commandLines) (fun args -> endsCleanly (args @ [ "--epochs"; "2"; "--no-plots"; "--out"; out ]))

/// Small CSV texts built from awkward pieces: numbers, blanks, words, quotes, NaN, stray delimiters and line ends.
let private csvTexts =
    let cell =
        Gen.frequency
            [ 6, Gen.choose (-50, 50) |> Gen.map (fun i -> string (float i / 4.0))
              2, Gen.elements [ "0"; "1"; "a"; "b" ]
              1, Gen.elements [ ""; " "; "\"\""; "\"1.5\""; "\"x,y\""; "NaN"; "inf"; "1e999"; "-"; "\"unclosed"; "\uFEFF1"; "#"; ";" ] ]
    gen {
        let! width = Gen.choose (1, 4)
        let! rows = Gen.choose (0, 12)
        let! header = Gen.elements [ true; false ]
        let! lineEnd = Gen.elements [ "\n"; "\r\n" ]
        let! cells = Gen.listOfLength (rows * width) cell
        let body = cells |> List.chunkBySize width |> List.map (String.concat ",")
        let head = if header then [ List.init width (sprintf "c%d") |> String.concat "," ] else []
        return String.Join(lineEnd, head @ body)
    }

[<FsCheck.NUnit.Property(MaxTest = 200)>]
let ``no small CSV text escapes as an unhandled exception`` () =
    let dir = scratch ()
    Directory.CreateDirectory dir |> ignore
    Prop.forAll (Arb.fromGen csvTexts) (fun text ->
        let file = Path.Combine(dir, "table.csv")
        File.WriteAllText(file, text)
        endsCleanly [ "train"; "--csv"; file; "--epochs"; "2"; "--no-plots"; "--out"; Path.Combine(dir, "out") ]
        |> Prop.label (sprintf "CSV text:\n%s" text))
