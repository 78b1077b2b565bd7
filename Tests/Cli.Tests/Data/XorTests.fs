/// The XOR data set against its numpy definition (xor.json, made by make_xor_fixture.py): bit for bit, since it is
/// only uniform and standard-normal draws, a product and an addition; through the library and through `descent data`.
module Descent.Tests.XorTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private fixture = lazy (load "xor.json")

let private cases =
    [| for c in fixture.Value.EnumerateArray() ->
           let samples, noise, seed = (prop "samples" c).GetInt32(), (prop "noise" c).GetDouble(), (prop "seed" c).GetInt64()
           TestCaseData(samples, noise, seed).SetArgDisplayNames(string samples, string noise, string seed) |]

let private reference samples noise seed =
    fixture.Value.EnumerateArray()
    |> Seq.find (fun c ->
        (prop "samples" c).GetInt32() = samples && (prop "noise" c).GetDouble() = noise && (prop "seed" c).GetInt64() = seed)

let private rowsOf (ds: Dataset) = Array.init ds.X.Rows (Matrix.row ds.X)

[<TestCaseSource(nameof cases)>]
let ``xor matches its numpy definition bit for bit`` (samples: int, noise: float, seed: int64) =
    let expected = reference samples noise seed
    let ds = Xor.make samples noise seed
    Assert.That(rowsOf ds, Is.EqualTo(rows (prop "X" expected)), "X exactly")
    Assert.That(ds.Y, Is.EqualTo(ints (prop "y" expected)), "labels")
    Assert.That(ds.Classes, Is.EqualTo [| "0"; "1" |])
    Assert.That(ds.FeatureNames, Is.EqualTo [| "x0"; "x1" |])

[<Test>]
let ``the labels are 1 where the clean point's signs agree, and noise moves points off their quadrant`` () =
    let clean = Xor.make 500 0.0 3L
    for i in 0 .. 499 do
        let x0, x1 = Matrix.get clean.X i 0, Matrix.get clean.X i 1
        Assert.That(x0, Is.InRange(-1.0, 1.0))
        Assert.That(clean.Y.[i], Is.EqualTo(if sign x0 = sign x1 then 1 else 0), $"row {i}")
    let noisy = Xor.make 500 0.3 3L
    Assert.That(noisy.Y, Is.EqualTo clean.Y, "the labels come before the noise")
    let crossed = Seq.init 500 id |> Seq.filter (fun i -> (Matrix.get noisy.X i 0 * Matrix.get noisy.X i 1 > 0.0) <> (noisy.Y.[i] = 1))
    Assert.That(Seq.length crossed, Is.GreaterThan 0, "noise 0.3 pushes some points across an axis")

[<Test>]
let ``the shared reference table is --dataset xor with samples 200, noise 0.05, seed 1`` () =
    let lines = File.ReadAllLines(path "xor_200_n0.05_seed1.csv")
    let table = lines.[1..] |> Array.map (fun l -> l.Split ',' |> Array.map csvNumber)
    let ds = Xor.make 200 0.05 1L
    Assert.That(rowsOf ds, Is.EqualTo(table |> Array.map (fun r -> r.[0..1])))
    Assert.That(ds.Y, Is.EqualTo(table |> Array.map (fun r -> int r.[2])))

[<Test>]
let ``descent data writes xor as numpy makes it`` () =
    let dir = freshFolder "xor"
    let o = runIn dir [ "data"; "--dataset"; "xor"; "--samples"; "1001"; "--noise"; "0.1"; "--data-seed"; "4294967295"; "--out"; "xor.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = File.ReadAllLines(Path.Combine(dir, "xor.csv"))
    Assert.That(lines.[0], Is.EqualTo "x0,x1,y")
    let table = lines.[1..] |> Array.map (fun l -> l.Split ',' |> Array.map csvNumber)
    let expected = reference 1001 0.1 4294967295L
    Assert.That(table |> Array.map (fun r -> r.[0..1]), Is.EqualTo(rows (prop "X" expected)))
    Assert.That(table |> Array.map (fun r -> int r.[2]), Is.EqualTo(ints (prop "y" expected)))

[<Test>]
let ``train --dataset xor records xor in its settings, which read back as written`` () =
    let o = run [ "train"; "--dataset"; "xor"; "--samples"; "300"; "--noise"; "0.1"; "--data-seed"; "7"; "--epochs"; "5"; "--no-plots"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let data = prop "data" (prop "settings" (parseJson o.Stdout))
    Assert.That([ for p in data.EnumerateObject() -> p.Name, p.Value.GetRawText() ],
                Is.EqualTo [ "dataset", "\"xor\""; "samples", "300"; "noise", "0.1"; "dataSeed", "7" ])
    let e = Experiment.lesson |> Experiment.withData (Xor { Samples = 300; Noise = 0.1; Seed = 7L })
    let text = Json.toText (fun w -> w.WriteStartObject(); ExperimentJson.experiment w e; w.WriteEndObject())
    Assert.That(ExperimentJson.read (parseJson text |> prop "settings"), Is.EqualTo { e with Threads = 1 })

/// The reason the data set exists: no line separates the quadrants, a small network does.
[<Test>]
let ``a linear model cannot learn xor, a network of 8 tanh units can`` () =
    let accuracy (extra: string list) =
        let o = run ([ "train"; "--dataset"; "xor"; "--no-plots"; "--json" ] @ extra)
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        (prop "accuracy" (parseJson o.Stdout)).GetDouble()
    Assert.That(accuracy [], Is.LessThan 0.65, "linear")
    Assert.That(accuracy [ "--hidden"; "8"; "--activation"; "tanh"; "--optimizer"; "adam" ], Is.GreaterThan 0.95, "network")
