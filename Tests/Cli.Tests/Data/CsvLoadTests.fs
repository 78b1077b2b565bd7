/// Reading CSV tables into a Dataset: header detection, the label column, class order, and the valid but unusual
/// files (BOM, CRLF, quoted numbers, gzip, other delimiters, blank lines).
module Descent.Tests.CsvLoadTests

open System.IO
open System.IO.Compression
open System.Text
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private spec = Experiment.tableFile

/// Writes `text` to a fresh file and loads it with `change` applied to the default spec.
let private loadText (text: string) (change: TableFile -> TableFile) =
    let file = Path.Combine(freshFolder "csv", "data.csv")
    File.WriteAllText(file, text, UTF8Encoding(false))
    CsvDataset.load (change (spec file))

let private rowsOf (ds: Dataset) = Array.init ds.X.Rows (Matrix.row ds.X)

[<Test>]
let ``iris loads with its header, the last column as label and classes 0..2`` () =
    let ds = CsvDataset.load (spec (path "iris.csv"))
    Assert.That(ds.X.Rows, Is.EqualTo 150)
    Assert.That(ds.FeatureNames, Is.EqualTo [| "sepal_length_cm"; "sepal_width_cm"; "petal_length_cm"; "petal_width_cm" |])
    Assert.That(ds.LabelName, Is.EqualTo "target")
    Assert.That(ds.Classes, Is.EqualTo [| "0"; "1"; "2" |])
    Assert.That(Matrix.row ds.X 0, Is.EqualTo [| 5.1; 3.5; 1.4; 0.2 |])
    Assert.That(Matrix.row ds.X 149, Is.EqualTo [| 5.9; 3.0; 5.1; 1.8 |])
    Assert.That(Array.countBy id ds.Y |> Array.sort, Is.EqualTo [| (0, 50); (1, 50); (2, 50) |])

[<Test>]
let ``numeric labels sort by value and text labels by ordinal order`` () =
    let numeric = loadText "a,y\n1,10\n2,2\n3,-1\n4,2.0\n" id
    Assert.That(numeric.Classes, Is.EqualTo [| "-1"; "2"; "10" |])
    // "2" and "2.0" are the same number, so one class named as first seen.
    Assert.That(numeric.Y, Is.EqualTo [| 2; 1; 0; 1 |])
    let text = loadText "a,y\n1,dog\n2,Cat\n3,cat\n4,dog\n" id
    Assert.That(text.Classes, Is.EqualTo [| "Cat"; "cat"; "dog" |])
    Assert.That(text.Y, Is.EqualTo [| 2; 0; 1; 2 |])
    let mixed = loadText "a,y\n1,10\n2,b\n3,9\n" id
    Assert.That(mixed.Classes, Is.EqualTo [| "10"; "9"; "b" |])

[<Test>]
let ``the label column is chosen by name or 0-based index`` () =
    let text = "y,a,b\nyes,1,2\nno,3,4\n"
    let byName = loadText text (fun s -> { s with Label = Some "y" })
    let byIndex = loadText text (fun s -> { s with Label = Some "0" })
    for ds in [ byName; byIndex ] do
        Assert.That(ds.FeatureNames, Is.EqualTo [| "a"; "b" |])
        Assert.That(ds.Classes, Is.EqualTo [| "no"; "yes" |])
        Assert.That(rowsOf ds, Is.EqualTo [| [| 1.0; 2.0 |]; [| 3.0; 4.0 |] |])
    let middle = loadText "a,y,b\n1,0,2\n3,1,4\n" (fun s -> { s with Label = Some "1" })
    Assert.That(middle.FeatureNames, Is.EqualTo [| "a"; "b" |])
    Assert.That(middle.Y, Is.EqualTo [| 0; 1 |])

[<Test>]
let ``a first row of numbers is data; --no-header forces it; text labels do not make a header`` () =
    let headerless = loadText "1,2,a\n3,4,b\n" id
    Assert.That(headerless.X.Rows, Is.EqualTo 2)
    Assert.That(headerless.FeatureNames, Is.EqualTo [| "x0"; "x1" |])
    Assert.That(headerless.Classes, Is.EqualTo [| "a"; "b" |])
    let forced = loadText "5,6,0\n1,2,1\n" (fun s -> { s with NoHeader = true })
    Assert.That(forced.X.Rows, Is.EqualTo 2)
    let middleLabel = loadText "1,0,2\n3,1,4\n" (fun s -> { s with Label = Some "1" })
    Assert.That(middleLabel.FeatureNames, Is.EqualTo [| "x0"; "x2" |])

[<Test>]
let ``BOM, CRLF, quoted numbers, spaces and blank lines are read`` () =
    let file = Path.Combine(freshFolder "csv", "odd.csv")
    let text = "\"a\",b,label\r\n\"1.5\", 2 ,x\r\n\r\n\"-3e2\",\"4\",\"y\"\r\n"
    File.WriteAllBytes(file, Array.append [| 0xEFuy; 0xBBuy; 0xBFuy |] (Encoding.UTF8.GetBytes text))
    let ds = CsvDataset.load (spec file)
    Assert.That(ds.FeatureNames, Is.EqualTo [| "a"; "b" |])
    Assert.That(rowsOf ds, Is.EqualTo [| [| 1.5; 2.0 |]; [| -300.0; 4.0 |] |])
    Assert.That(ds.Classes, Is.EqualTo [| "x"; "y" |])

[<Test>]
let ``gzip files and other delimiters are read`` () =
    let dir = freshFolder "csv"
    let gz = Path.Combine(dir, "data.csv.gz")
    do
        use f = File.Create gz
        use z = new GZipStream(f, CompressionLevel.Optimal)
        let bytes = Encoding.UTF8.GetBytes "a;b;y\n1;2;0\n3;4;1\n"
        z.Write(bytes, 0, bytes.Length)
    let ds = CsvDataset.load { spec gz with Delimiter = ';' }
    Assert.That(rowsOf ds, Is.EqualTo [| [| 1.0; 2.0 |]; [| 3.0; 4.0 |] |])
    let tabs = loadText "a\tb\ty\n1\t2\t0\n3\t4\t1\n" (fun s -> { s with Delimiter = '\t' })
    Assert.That(rowsOf tabs, Is.EqualTo [| [| 1.0; 2.0 |]; [| 3.0; 4.0 |] |])

[<Test>]
let ``--drop-missing skips rows with an empty cell`` () =
    let ds = loadText "a,b,y\n1,2,0\n3,,1\n5,6,\n7,8,1\n" (fun s -> { s with DropMissing = true })
    Assert.That(rowsOf ds, Is.EqualTo [| [| 1.0; 2.0 |]; [| 7.0; 8.0 |] |])
    Assert.That(ds.Y, Is.EqualTo [| 0; 1 |])

[<Test>]
let ``errors name the physical line even after a quoted field spanning lines`` () =
    let ex =
        Assert.Throws<DescentError>(fun () ->
            loadText "a,b,y\n1,2,\"two\nlines\"\n3,oops,x\n" id |> ignore)
    Assert.That(ex.Message, Does.Contain "line 4")
    Assert.That(ex.Message, Does.Contain "column 'b'")

[<Test>]
let ``rows spanning more blocks than one keep their order`` () =
    let n = 5000
    let text = StringBuilder("a,b,y\n")
    for i in 0 .. n - 1 do
        text.Append($"{i},{-i},{i % 3}\n") |> ignore
    let ds = loadText (text.ToString()) id
    Assert.That(ds.X.Rows, Is.EqualTo n)
    Assert.That(Matrix.column ds.X 0, Is.EqualTo(Array.init n float))
    Assert.That(Matrix.column ds.X 1, Is.EqualTo(Array.init n (fun i -> float -i)))
    Assert.That(ds.Y, Is.EqualTo(Array.init n (fun i -> i % 3)))
