/// Feature scaling against scikit-learn's StandardScaler and MinMaxScaler (scalers.json), and fitted on the
/// training rows only.
module Descent.Tests.ScalerTests

open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private cases = [| "iris"; "constant" |]

let private reference name =
    (load "scalers.json").EnumerateArray() |> Seq.find (fun c -> (prop "name" c).GetString() = name)

let private assertRowsClose (expected: float[][]) (m: Matrix) =
    Assert.That(m.Rows, Is.EqualTo expected.Length)
    for i in 0 .. m.Rows - 1 do
        for j in 0 .. m.Cols - 1 do
            Assert.That(Matrix.get m i j, Is.EqualTo(expected.[i].[j]).Within(1e-12), $"row {i}, column {j}")

[<TestCaseSource(nameof cases)>]
let ``standard scaling matches StandardScaler`` (name: string) =
    let r = reference name
    let s = Scaler.fit Standard (Matrix.ofRows (rows (prop "fit" r)))
    let expected = prop "standard" r
    assertClose 1e-14 (doubles (prop "mean" expected)) s.Offset
    assertClose 1e-14 (doubles (prop "scale" expected)) s.Scale
    assertRowsClose (rows (prop "applied" expected)) (Scaler.apply s (Matrix.ofRows (rows (prop "apply" r))))

[<TestCaseSource(nameof cases)>]
let ``min-max scaling matches MinMaxScaler`` (name: string) =
    let r = reference name
    let s = Scaler.fit MinMax (Matrix.ofRows (rows (prop "fit" r)))
    let expected = prop "minmax" r
    Assert.That(s.Offset, Is.EqualTo(doubles (prop "min" expected)))
    assertRowsClose (rows (prop "applied" expected)) (Scaler.apply s (Matrix.ofRows (rows (prop "apply" r))))

[<Test>]
let ``a constant column is scaled to zero, not divided by zero`` () =
    let m = Matrix.ofRows [| [| 1.0; 7.0 |]; [| 3.0; 7.0 |] |]
    for kind in [ Standard; MinMax ] do
        let s = Scaler.fit kind m
        Assert.That(s.Scale.[1], Is.EqualTo 1.0, $"{kind}")
        Assert.That(Matrix.column (Scaler.apply s m) 1, Is.EqualTo [| 0.0; 0.0 |], $"{kind}")

[<Test>]
let ``the scaler is fitted on the training rows only and applied to the test rows`` () =
    let spec = Experiment.tableFile (path "iris.csv")
    let e = { Experiment.lesson with Data = Table spec; Scale = Standard }
    let p = Run.prepare e
    let data = Run.load e
    let train, test = Split.trainTest e.TestSize e.SplitSeed data
    let expected = Scaler.fit Standard train.X
    Assert.That(p.Scaler.Offset, Is.EqualTo expected.Offset)
    Assert.That(p.Scaler.Scale, Is.EqualTo expected.Scale)
    Assert.That(p.Test.X, Is.EqualTo(Matrix.appendOnes (Scaler.apply expected test.X)))
    // Scaled training columns have mean 0 and (population) standard deviation 1; the test columns do not exactly.
    for j in 0 .. p.Train.Features - 1 do
        let c = Matrix.column p.Train.X j
        Assert.That(Array.average c, Is.EqualTo(0.0).Within(1e-12))
        Assert.That(sqrt (Array.averageBy (fun v -> v * v) c), Is.EqualTo(1.0).Within(1e-12))
    Assert.That(abs (Array.average (Matrix.column p.Test.X 0)) > 1e-6, Is.True, "test rows are scaled with the training statistics")
