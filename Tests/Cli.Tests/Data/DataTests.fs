module Descent.Tests.DataTests

open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private reference = lazy (load "blobs_1000_seed1.json")

[<Test>]
let ``make_blobs matches scikit-learn bit for bit`` () =
    let r = reference.Value
    let ds = Blobs.make 1000 2 2 1.5 1L
    let expected = [| for row in (prop "X" r).EnumerateArray() -> doubles row |]
    let actual = Array.init 1000 (Matrix.row ds.X)
    Assert.That(actual, Is.EqualTo expected)
    Assert.That(ds.Y, Is.EqualTo(ints (prop "y" r)))
    Assert.That(ds.Classes, Is.EqualTo [| "0"; "1" |])
    Assert.That(ds.FeatureNames, Is.EqualTo [| "x0"; "x1" |])

[<Test>]
let ``train_test_split indices match scikit-learn`` () =
    let r = reference.Value
    let train, test = Split.indices 0.5 42L 1000
    Assert.That(test, Is.EqualTo(ints (prop "test_indices" r)))
    Assert.That(train, Is.EqualTo(ints (prop "train_indices" r)))

[<Test>]
let ``split takes ceil(test_size * n) test rows`` () =
    let train, test = Split.indices 0.25 7L 10
    Assert.That(test.Length, Is.EqualTo 3)
    Assert.That(train.Length, Is.EqualTo 7)
    Assert.That(Array.sort (Array.append train test), Is.EqualTo [| 0..9 |])

[<Test>]
let ``the remainder of samples goes to the first centers`` () =
    let ds = Blobs.make 11 3 4 1.0 5L
    let counts = Array.init 4 (fun c -> ds.Y |> Array.filter ((=) c) |> Array.length)
    Assert.That(counts, Is.EqualTo [| 3; 3; 3; 2 |])
    Assert.That(ds.X.Cols, Is.EqualTo 3)

[<Test>]
let ``bias trick appends a column of ones last`` () =
    let m = Matrix.ofRows [| [| 1.0; 2.0 |]; [| 3.0; 4.0 |] |]
    let b = Matrix.appendOnes m
    Assert.That(Matrix.row b 0, Is.EqualTo [| 1.0; 2.0; 1.0 |])
    Assert.That(Matrix.row b 1, Is.EqualTo [| 3.0; 4.0; 1.0 |])

[<Test>]
let ``takeRows gathers rows in the given order`` () =
    let m = Matrix.ofRows [| [| 1.0; 10.0 |]; [| 2.0; 20.0 |]; [| 3.0; 30.0 |] |]
    let t = Matrix.takeRows [| 2; 0 |] m
    Assert.That(Matrix.row t 0, Is.EqualTo [| 3.0; 30.0 |])
    Assert.That(Matrix.row t 1, Is.EqualTo [| 1.0; 10.0 |])

/// Run.prepare moves the training rows within the generated table's own array (RowGather.InPlace); the sets must be
/// exactly those a split of data shared with other runs copies (Run.prepareShared, RowGather.Columns), at a size whose
/// gathers run on every core, with and without validation rows.
[<TestCase(60_000, 0.25, 0.0)>]
[<TestCase(60_000, 0.01, 0.2)>]
[<TestCase(60_001, 0.25, 0.0)>]
let ``prepare's split in place equals a shared split's copies`` (samples: int, testSize: float, validation: float) =
    let spec = { Samples = samples; Features = 7; Centers = 3; ClusterStd = 1.5; Seed = 3L }
    let e = { Experiment.lesson with Data = Blobs spec; TestSize = testSize; ValidationFraction = validation; SplitSeed = 11L }
    let got = Run.prepare e
    let expected = Run.prepareShared e (Blobs.make spec.Samples spec.Features spec.Centers spec.ClusterStd spec.Seed)
    Assert.That(got.Train.X.Data.Length, Is.EqualTo(samples * 8), "prepare moved the training rows within the table's array")
    Assert.That(expected.Train.X.Data.Length, Is.EqualTo(expected.Train.X.Rows * 8), "prepareShared copied them")
    Assert.That(got.Train.X.Rows, Is.EqualTo expected.Train.X.Rows)
    Assert.That(Array.sub got.Train.X.Data 0 (got.Train.X.Rows * 8), Is.EqualTo(Array.sub expected.Train.X.Data 0 (expected.Train.X.Rows * 8)))
    Assert.That(got.Train.Y, Is.EqualTo expected.Train.Y)
    Assert.That(got.Test.X, Is.EqualTo expected.Test.X)
    Assert.That(got.Test.Y, Is.EqualTo expected.Test.Y)
    Assert.That(got.Validation |> Option.map (fun v -> v.X, v.Y), Is.EqualTo(expected.Validation |> Option.map (fun v -> v.X, v.Y)))
    Assert.That(got.Validation.IsSome, Is.EqualTo(validation > 0.0))
