/// The CSV reader's parallel parse against a one-thread parse of the same file: the same values bit for bit, rows in
/// file order, the same classes, the same dropped rows, and the same first error.
module Descent.Tests.CsvParallelTests

open System
open System.IO
open System.Text
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

/// A table of `rows` rows with awkward but valid cells: long and short numbers, exponents, spaces, blank lines and
/// CRLF line ends, text labels seen first late in the file.
let private table (rows: int) (extra: int -> string option) =
    let rng = Random(7)
    let text = StringBuilder("a,b,c,label\n")
    for i in 0 .. rows - 1 do
        match extra i with
        | Some line -> text.Append(line).Append('\n') |> ignore
        | None ->
            let a = rng.NextDouble() * 200.0 - 100.0
            let b = float (rng.Next(-1000, 1000)) * 1e-7
            let label = if i < rows / 2 then "k" + string (i % 3) else "k" + string (i % 5)
            text.Append(a.ToString("R")).Append(", ").Append(b.ToString("E3")).Append(',').Append(i).Append(',').Append(label) |> ignore
            text.Append(if i % 97 = 0 then "\r\n" else "\n") |> ignore
            if i % 1013 = 0 then text.Append('\n') |> ignore
    text.ToString()

let private readBoth (text: string) (dropMissing: bool) =
    let file = Path.Combine(freshFolder "csvpar", "t.csv")
    File.WriteAllText(file, text, UTF8Encoding(false))
    let src: TableSource = { Path = file; Role = DataTable; Delimiter = ',' }
    let readWith slices =
        use t = CsvFile.openFile src
        let names = CsvFile.columnNames t true
        CsvTable.readInSlices slices t false names [| 0; 1; 2 |] 3 dropMissing
    readWith, FileInfo(file).Length

let private values (m: Matrix) = Array.sub m.Data 0 (m.Rows * m.Cols)

[<TestCase(2)>]
[<TestCase(7)>]
[<TestCase(64)>]
let ``a table parsed in slices equals the one-thread parse`` (slices: int) =
    let n = 40000
    let readWith, _ = readBoth (table n (fun _ -> None)) false
    let one = readWith 1
    let many = readWith slices
    Assert.That(one.X.Rows, Is.EqualTo n)
    Assert.That(many.X.Rows, Is.EqualTo n)
    Assert.That(one.Slices, Is.EqualTo 1)
    Assert.That(many.Slices, Is.EqualTo slices)
    Assert.That(values many.X, Is.EqualTo(values one.X))
    // Column c holds the row number: the rows are in file order.
    Assert.That(Matrix.column many.X 2, Is.EqualTo(Array.init n float))
    Assert.That(many.Classes, Is.EqualTo one.Classes)
    Assert.That(many.Classes, Is.EqualTo [| "k0"; "k1"; "k2"; "k3"; "k4" |])
    Assert.That(many.Y, Is.EqualTo one.Y)

[<Test>]
let ``rows dropped in several slices are counted and the others stay in order`` () =
    let n = 30000
    let missing i = if i % 1999 = 5 then Some $"1.5,,{i},k1" else None
    let readWith, _ = readBoth (table n missing) true
    let one = readWith 1
    let many = readWith 9
    Assert.That(many.Slices, Is.EqualTo 9)
    let expectedDropped = Seq.init n id |> Seq.filter (fun i -> i % 1999 = 5) |> Seq.length
    Assert.That(one.Dropped, Is.EqualTo expectedDropped)
    Assert.That(many.Dropped, Is.EqualTo expectedDropped)
    Assert.That(many.X.Rows, Is.EqualTo(n - expectedDropped))
    Assert.That(values many.X, Is.EqualTo(values one.X))
    Assert.That(Matrix.column many.X 2, Is.EqualTo(Array.init n id |> Array.filter (fun i -> i % 1999 <> 5) |> Array.map float))
    Assert.That(many.Y, Is.EqualTo one.Y)

[<Test>]
let ``with bad cells in several slices the first one in the file is reported`` () =
    let n = 30000
    // Bad rows near the end and in the middle; a parallel parse meets the late one first, in another slice.
    let bad i = if i = 27000 then Some "1,2,oops,k1" elif i = 12000 then Some "1,nope,3,k1" else None
    let readWith, _ = readBoth (table n bad) false
    let message slices =
        let ex = Assert.Throws<DescentError>(fun () -> readWith slices |> ignore)
        ex.Message
    let one = message 1
    Assert.That(one, Does.Contain "column 'b'")
    Assert.That(one, Does.Contain "'nope' is not a number")
    Assert.That(message 13, Is.EqualTo one)

[<Test>]
let ``the line named in an error counts blank lines and CRLF line ends before it`` () =
    let n = 5000
    let text = table n (fun i -> if i = 4000 then Some "1,2,x3,k1" else None)
    let expectedLine =
        let before = text.Substring(0, text.IndexOf "1,2,x3")
        before.Split('\n').Length
    let readWith, _ = readBoth text false
    for slices in [ 1; 5 ] do
        let ex = Assert.Throws<DescentError>(fun () -> readWith slices |> ignore)
        Assert.That(ex.Message, Does.Contain $", line {expectedLine}, column 'c': 'x3' is not a number")
