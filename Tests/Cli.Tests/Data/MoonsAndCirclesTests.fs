/// make_moons and make_circles against scikit-learn 1.2.1 (shapes.json): within 1e-12, since they go through cos
/// and sin; the labels and the shuffle exactly.
module Descent.Tests.MoonsAndCirclesTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private cases =
    [| for c in (load "shapes.json").EnumerateArray() ->
           let kind = (prop "kind" c).GetString()
           let samples = (prop "samples" c).GetInt32()
           let noise = (prop "noise" c).GetDouble()
           let seed = (prop "seed" c).GetInt64()
           let factor = match c.TryGetProperty "factor" with | true, f -> f.GetDouble() | _ -> nan
           TestCaseData(kind, samples, noise, factor, seed).SetArgDisplayNames(kind, string samples, string noise, string seed) |]

let private reference kind samples noise seed =
    (load "shapes.json").EnumerateArray()
    |> Seq.find (fun c ->
        (prop "kind" c).GetString() = kind && (prop "samples" c).GetInt32() = samples
        && (prop "noise" c).GetDouble() = noise && (prop "seed" c).GetInt64() = seed)

let private assertMatches expected (x: float[][]) (y: int[]) =
    let ex = [| for row in (prop "X" expected).EnumerateArray() -> doubles row |]
    Assert.That(y, Is.EqualTo(ints (prop "y" expected)), "labels")
    Assert.That(x.Length, Is.EqualTo ex.Length)
    for i in 0 .. ex.Length - 1 do
        for j in 0 .. 1 do
            Assert.That(x.[i].[j], Is.EqualTo(ex.[i].[j]).Within(1e-12), $"X[{i}, {j}]")

[<TestCaseSource(nameof cases)>]
let ``generators match scikit-learn within 1e-12`` (kind: string, samples: int, noise: float, factor: float, seed: int64) =
    let ds =
        if kind = "moons" then MoonsAndCircles.moons samples noise seed
        else MoonsAndCircles.circles samples noise factor seed
    assertMatches (reference kind samples noise seed) (Array.init ds.X.Rows (Matrix.row ds.X)) ds.Y
    Assert.That(ds.Classes, Is.EqualTo [| "0"; "1" |])

[<Test>]
let ``linspace matches numpy's endpoints and spacing`` () =
    Assert.That(MoonsAndCircles.linspace 0.0 1.0 5 true, Is.EqualTo [| 0.0; 0.25; 0.5; 0.75; 1.0 |])
    Assert.That(MoonsAndCircles.linspace 0.0 1.0 4 false, Is.EqualTo [| 0.0; 0.25; 0.5; 0.75 |])
    Assert.That(MoonsAndCircles.linspace 2.0 3.0 1 true, Is.EqualTo [| 2.0 |])
    Assert.That(MoonsAndCircles.linspace 0.0 1.0 0 false, Is.Empty)

let private readCsv (path: string) =
    let lines = File.ReadAllLines path
    let rows = lines.[1..] |> Array.map (fun l -> l.Split(',') |> Array.map csvNumber)
    lines.[0], Array.map (fun (r: float[]) -> r.[0..1]) rows, Array.map (fun (r: float[]) -> int r.[2]) rows

[<Test>]
let ``descent data writes moons and circles as scikit-learn makes them`` () =
    let dir = freshFolder "shapes"
    let moons = runIn dir [ "data"; "--dataset"; "moons"; "--samples"; "101"; "--noise"; "0.1"; "--out"; "moons.csv" ]
    Assert.That(moons.ExitCode, Is.EqualTo 0, moons.Stderr)
    let header, x, y = readCsv (Path.Combine(dir, "moons.csv"))
    Assert.That(header, Is.EqualTo "x0,x1,y")
    assertMatches (reference "moons" 101 0.1 1L) x y
    let circles =
        runIn dir [ "data"; "--dataset"; "circles"; "--samples"; "101"; "--noise"; "0.05"; "--factor"; "0.5"; "--out"; "circles.csv" ]
    Assert.That(circles.ExitCode, Is.EqualTo 0, circles.Stderr)
    let _, x, y = readCsv (Path.Combine(dir, "circles.csv"))
    assertMatches (reference "circles" 101 0.05 1L) x y

[<Test>]
let ``train --dataset moons trains on make_moons and records it in the settings`` () =
    let o = run [ "train"; "--dataset"; "moons"; "--noise"; "0.2"; "--loss"; "logloss"; "--epochs"; "200"; "--no-plots"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let data = prop "data" (prop "settings" j)
    Assert.That((prop "dataset" data).GetString(), Is.EqualTo "moons")
    Assert.That((prop "noise" data).GetDouble(), Is.EqualTo 0.2)
    Assert.That((prop "scale" (prop "settings" j)).GetString(), Is.EqualTo "none")
    let expected = Run.experiment { Experiment.lesson with Data = Moons { Samples = 1000; Noise = 0.2; Seed = 1L }; Loss = Core.LossKind.LogLoss; Epochs = 200 }
    Assert.That((prop "accuracy" j).GetDouble(), Is.EqualTo expected.Report.Accuracy)
    // A linear boundary separates noisy moons well but not perfectly.
    Assert.That(expected.Report.Accuracy, Is.InRange(0.8, 0.95))
