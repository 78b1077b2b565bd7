/// Parquet tables: the fixtures ParquetSharp (Apache's C++ writer) wrote, read back value for value; columns chosen or
/// left out; descent's own
/// Parquet files round-tripped through `convert`; bad Parquet files refused with one line, exit code 2, nothing
/// written; a table too big for the memory the process may use refused before its rows are read.
module Descent.Tests.ParquetTests

open System
open System.Diagnostics
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private load (file: string) (change: TableFile -> TableFile) = DataLoad.load (Table(change (DataSpec.tableFile file)))

let private species = [| "setosa"; "versicolor"; "virginica" |]

[<Test>]
let ``every numeric type ParquetSharp wrote is read as the numbers it holds, with a dictionary-encoded label`` () =
    let ds = load (path "types_snappy_dictionary.parquet") id
    let n = 1000
    Assert.That(ds.X.Rows, Is.EqualTo n)
    Assert.That(ds.FeatureNames, Is.EqualTo [| "f64"; "f32"; "i8"; "u8"; "i16"; "u16"; "i32"; "u32"; "i64"; "u64"; "flag"; "dec" |])
    let expected: (int -> float)[] =
        [| fun i -> float i * 0.25 - 100.0
           fun i -> float (float32 (i % 17) * 0.5f)
           fun i -> float (i % 100 - 50)
           fun i -> float (i % 200)
           fun i -> float (i * 3 - 1500)
           fun i -> float (i * 7)
           fun i -> float (i * 1000 - 500000)
           fun i -> float (uint32 i * 4000000u)
           fun i -> float (int64 i * 10_000_000_000L - 5_000_000_000_000L)
           fun i -> float (uint64 i * 1_000_000_007UL)
           fun i -> if i % 3 = 0 then 1.0 else 0.0
           fun i -> float i / 8.0 |]
    for j in 0 .. expected.Length - 1 do
        Assert.That(Matrix.column ds.X j, Is.EqualTo(Array.init n expected.[j]), ds.FeatureNames.[j])
    Assert.That(ds.LabelName, Is.EqualTo "species")
    Assert.That(ds.Classes, Is.EqualTo species)
    Assert.That(ds.Y, Is.EqualTo(Array.init n (fun i -> (i * 7) % 3)))

[<Test>]
let ``a null is dropped with its row under DropMissing, across row groups and codecs`` () =
    let ds = load (path "nulls_zstd.parquet") (fun s -> { s with DropMissing = true })
    let kept = Array.init 100 id |> Array.filter ((<>) 57)
    Assert.That(ds.X.Rows, Is.EqualTo 99)
    Assert.That(Matrix.column ds.X 0, Is.EqualTo(kept |> Array.map (fun i -> float i * 0.5)))
    Assert.That(Matrix.column ds.X 1, Is.EqualTo(kept |> Array.map (fun i -> float (100 - i))))
    // int64 labels 2 and 10 sort by value.
    Assert.That(ds.Classes, Is.EqualTo [| "2"; "10" |])
    Assert.That(ds.Y, Is.EqualTo(kept |> Array.map (fun i -> if i % 2 = 0 then 1 else 0)))

[<Test>]
let ``data --out FILE.parquet converts back to the CSV descent data writes, byte for byte`` () =
    let dir = freshFolder "parquet-roundtrip"
    let flags = [ "--samples"; "300"; "--features"; "4"; "--centers"; "3" ]
    Assert.That((runIn dir ([ "data" ] @ flags @ [ "--out"; "d.csv" ])).ExitCode, Is.EqualTo 0)
    Assert.That((runIn dir ([ "data" ] @ flags @ [ "--out"; "d.parquet" ])).ExitCode, Is.EqualTo 0)
    let back = runIn dir [ "convert"; "d.parquet"; "back.csv" ]
    Assert.That(back.ExitCode, Is.EqualTo 0, back.Stderr)
    Assert.That(File.ReadAllText(Path.Combine(dir, "back.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(dir, "d.csv"))))
    // And CSV to Parquet to CSV again.
    Assert.That((runIn dir [ "convert"; "back.csv"; "again.parquet" ]).ExitCode, Is.EqualTo 0)
    Assert.That((runIn dir [ "convert"; "again.parquet"; "again.csv" ]).ExitCode, Is.EqualTo 0)
    Assert.That(File.ReadAllText(Path.Combine(dir, "again.csv")), Is.EqualTo(File.ReadAllText(Path.Combine(dir, "d.csv"))))

[<Test>]
let ``train --data on a Parquet file gives the run train --csv gives on the same table`` () =
    let dir = freshFolder "parquet-train"
    File.Copy(path "iris.csv", Path.Combine(dir, "iris.csv"))
    Assert.That((runIn dir [ "convert"; "iris.csv"; "iris.parquet" ]).ExitCode, Is.EqualTo 0)
    let json (args: string list) =
        let o = runIn dir ([ "train" ] @ args @ [ "--loss"; "logloss"; "--epochs"; "20"; "--json"; "--no-plots"; "--out"; "o" ])
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        let node = Text.Json.Nodes.JsonNode.Parse(o.Stdout).AsObject()
        node.Remove "timings" |> ignore
        node.Remove "settings" |> ignore
        node.ToJsonString()
    Assert.That(json [ "--data"; "iris.parquet" ], Is.EqualTo(json [ "--csv"; "iris.csv" ]))

/// A file as descent writes it (two row groups, snappy, one PLAIN page per chunk) with `count` bytes of column 'b''s
/// page in row group 2 set to `value`: from `skip` bytes before its values (the page header), or, with `skip` < 0, at
/// the snappy stream's first byte (the length it decompresses to).
let private damagedPage (skip: int) (count: int) (value: byte) (target: string) =
    let n = 140_000
    using (File.Create target) (fun s ->
        let x = { Data = Array.init (2 * n) (fun i -> float i / 3.0); Rows = n; Cols = 2 }
        ParquetWrite.write s [| "a"; "b" |] x (Some("y", [| "0"; "1" |], Array.init n (fun i -> i % 2))))
    let bytes = File.ReadAllBytes target
    // The group's 8,928 values of 'b' decompress to 71,424 bytes: the snappy stream starts with that length as a
    // varint (0x80 0xAE 0x04), right after the page header.
    let length = [| 0x80uy; 0xAEuy; 0x04uy |]
    // The last stream of that length is b's in group 2 (a's comes before it; y's pages are dictionary-encoded).
    let rec findBack i = if bytes.[i .. i + 2] = length then i else findBack (i - 1)
    let start = findBack (bytes.Length - 3)
    Array.fill bytes (if skip < 0 then start else start - skip) count value
    File.WriteAllBytes(target, bytes)

/// (name, how to make the file in the folder, extra flags, strings the message must contain)
let private badCases: (string * (string -> unit) * string list * string list)[] =
    let fixture name (target: string) = File.Copy(path name, target)
    [| "corrupt", (fun f -> File.WriteAllBytes(f, Array.init 4096 (fun i -> byte ((i * 7919 + 13) % 256)))), [], [ "not a readable Parquet file" ]
       "truncated",
       (fun f -> File.WriteAllBytes(f, File.ReadAllBytes(path "types_snappy_dictionary.parquet") |> Array.truncate 30000)),
       [],
       [ "not a readable Parquet file" ]
       "empty file", (fun f -> File.WriteAllBytes(f, [||])), [], [ "is empty" ]
       "text feature", fixture "text_feature_gzip.parquet", [], [ "column 'city'"; "text"; "not numbers" ]
       "missing label column", fixture "nulls_zstd.parquet", [ "--label"; "species" ], [ "--label 'species' is not a column"; "a, b, label" ]
       "null feature", fixture "nulls_zstd.parquet", [], [ "row group 2, row 8, column 'b'"; "null"; "--drop-missing" ]
       "null among PLAIN pages",
       fixture "plain_pages_v2.parquet",
       [ "--label"; "label" ],
       [ "row group 2, row 301, column 'gap'"; "null"; "--drop-missing" ]
       "damaged page header", damagedPage 12 8 0xFFuy, [], [ "not a readable Parquet file (row group 2)" ]
       // The snappy stream's first byte (its length) set to 1: the page no longer decompresses to its size.
       "damaged snappy page", damagedPage -1 1 1uy, [], [ "not a readable Parquet file (row group 2)" ]
       "wrong page checksum", fixture "checksum_corrupt.parquet", [], [ "is damaged (row group 1)"; "checksum" ]
       "raw bytes among the features", fixture "mixed_columns.parquet", [], [ "column 'date_string_col'"; "raw bytes"; "--ignore" ]
       "unknown column in --columns", fixture "mixed_columns.parquet", [ "--columns"; "x1,x9" ], [ "--columns 'x9' is not a column"; "id, date_string_col" ]
       "unknown column in --ignore", fixture "mixed_columns.parquet", [ "--ignore"; "nope" ], [ "--ignore 'nope' is not a column" ]
       "the label among --columns", fixture "mixed_columns.parquet", [ "--columns"; "x1,good" ], [ "--columns names 'good', the label column" ]
       "the label ignored", fixture "mixed_columns.parquet", [ "--ignore"; "good" ], [ "--ignore leaves out 'good', the label column" ]
       "a column chosen and ignored", fixture "mixed_columns.parquet", [ "--columns"; "x1,x2"; "--ignore"; "x2" ], [ "'x2' is both among --columns and --ignore" ] |]

let private badCaseData =
    badCases |> Array.map (fun (name, make, flags, expected) -> TestCaseData(make, flags, expected).SetArgDisplayNames(name: string))

[<TestCaseSource(nameof badCaseData)>]
let ``a bad Parquet file is refused with one line naming it, exit code 2 and nothing written``
    (make: string -> unit, flags: string list, expected: string list) =
    let dir = freshFolder "badparquet"
    make (Path.Combine(dir, "t.parquet"))
    let before = Directory.GetFileSystemEntries dir
    let o = runIn dir ([ "train"; "--data"; "t.parquet"; "--out"; "results" ] @ flags)
    Assert.That(o.ExitCode, Is.EqualTo 2, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    assertRefused [] o
    let lines = o.Stderr.TrimEnd().Split('\n')
    Assert.That(lines.Length, Is.EqualTo 1, o.Stderr)
    Assert.That(lines.[0], Does.StartWith "descent: --data t.parquet")
    for part in expected do
        Assert.That(lines.[0], Does.Contain part)
    assertNoStackTrace o
    Assert.That(Directory.GetFileSystemEntries dir, Is.EquivalentTo before, "something was written")

[<Test>]
let ``a Parquet file without rows is refused`` () =
    let dir = freshFolder "parquet-norows"
    let empty: Dataset = { X = Matrix.zeroCreate 0 2; Y = [||]; FeatureNames = [| "a"; "b" |]; Classes = [| "0"; "1" |]; LabelName = "y"; Dropped = 0 }
    ParquetWrite.writeDataset (Path.Combine(dir, "none.parquet")) empty
    let o = runIn dir [ "train"; "--data"; "none.parquet" ]
    assertRefused [ "--data none.parquet"; "has no rows" ] o

/// Runs `descent args` in `dir` with the GC's heap limited to `limit` bytes.
let private runLimited (dir: string) (limit: int64) (args: string list) =
    let psi = startInfo dir args
    psi.Environment.["DOTNET_GCHeapHardLimit"] <- limit.ToString "X"
    use p = Process.Start psi |> nonNull
    p.StandardInput.Close()
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    p.WaitForExit()
    { ExitCode = p.ExitCode; Stdout = out.Result; Stderr = err.Result }

[<TestCase("big.csv")>]
[<TestCase("big.parquet")>]
let ``a table too big for the memory the process may use is refused with the estimate before it is read`` (name: string) =
    let dir = freshFolder "toobig"
    // 200,000 rows × 30 columns: about 50 MB of doubles, refused under a 32 MB heap.
    let made = runIn dir [ "data"; "--samples"; "200000"; "--features"; "29"; "--out"; name ]
    Assert.That(made.ExitCode, Is.EqualTo 0, made.Stderr)
    let o = runLimited dir (32L <<< 20) [ "train"; "--data"; name; "--out"; "results" ]
    assertRefused [ $"--data {name}"; "too big for memory"; "200"; "× 30 columns"; "MB" ] o
    assertNoStackTrace o
    Assert.That(Directory.Exists(Path.Combine(dir, "results")), Is.False)

[<Test>]
let ``predict reads a Parquet table and writes Parquet with the predictions it writes as CSV`` () =
    let dir = freshFolder "parquet-predict"
    File.Copy(path "iris.csv", Path.Combine(dir, "iris.csv"))
    let ok (o: Outcome) = Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    ok (runIn dir [ "train"; "--csv"; "iris.csv"; "--loss"; "logloss"; "--epochs"; "30"; "--no-plots"; "--out"; "o" ])
    ok (runIn dir [ "convert"; "iris.csv"; "iris.parquet" ])
    ok (runIn dir [ "predict"; "--model"; "o/model.json"; "--csv"; "iris.csv"; "--out"; "from-csv.csv" ])
    ok (runIn dir [ "predict"; "--model"; "o/model.json"; "--csv"; "iris.parquet"; "--out"; "from-parquet.csv" ])
    let text name = File.ReadAllText(Path.Combine(dir, name))
    Assert.That(text "from-parquet.csv", Is.EqualTo(text "from-csv.csv"))
    ok (runIn dir [ "predict"; "--model"; "o/model.json"; "--csv"; "iris.parquet"; "--out"; "p.parquet" ])
    // The Parquet predictions hold the probabilities, then the predicted label; as CSV, the same cells.
    ok (runIn dir [ "convert"; "p.parquet"; "p.csv" ])
    let rows name = (text name).Replace("\r", "").TrimEnd().Split('\n') |> Array.map (fun l -> l.Split ',')
    let csvRows = rows "from-csv.csv"
    let parquetRows = rows "p.csv" |> Array.map (fun r -> Array.append [| Array.last r |] r.[.. r.Length - 2])
    Assert.That(parquetRows.Length, Is.EqualTo 151)
    Assert.That(parquetRows, Is.EqualTo csvRows)

[<Test>]
let ``train --drop-missing says how many rows it skipped, for CSV and Parquet`` () =
    let dir = freshFolder "dropped"
    File.Copy(path "nulls_zstd.parquet", Path.Combine(dir, "n.parquet"))
    File.WriteAllText(Path.Combine(dir, "m.csv"), "a,b,y\n1,2,0\n3,,1\n5,6,1\n,8,0\n9,10,1\n11,12,0\n")
    let said (args: string list) =
        let o = runIn dir ([ "train" ] @ args @ [ "--drop-missing"; "--epochs"; "1"; "--no-plots"; "--out"; "o" ])
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        o.Stdout
    Assert.That(said [ "--data"; "n.parquet" ], Does.Contain "[INFO] --drop-missing skipped 1 row with an empty cell or a null")
    Assert.That(said [ "--data"; "m.csv"; "--test-size"; "0.25" ], Does.Contain "[INFO] --drop-missing skipped 2 rows with an empty cell or a null")

[<TestCase("plain_pages_v1.parquet")>]
[<TestCase("plain_pages_v2.parquet")>]
let ``a table of PLAIN pages with checksums loads as the numbers it holds, its null dropped under DropMissing`` (name: string) =
    let ds = load (path name) (fun s -> { s with Label = Some "label"; DropMissing = true })
    let kept = Array.init 3000 id |> Array.filter ((<>) 1500)
    Assert.That(ds.Dropped, Is.EqualTo 1)
    Assert.That(ds.FeatureNames, Is.EqualTo [| "x"; "opt"; "raw"; "gap" |])
    Assert.That(Matrix.column ds.X 0, Is.EqualTo(kept |> Array.map (fun i -> float i * 0.37 - 500.0)))
    Assert.That(Matrix.column ds.X 1, Is.EqualTo(kept |> Array.map (fun i -> 1.0 / float (i + 1))))
    Assert.That(Matrix.column ds.X 2, Is.EqualTo(kept |> Array.map (fun i -> float -i * 1e-3)))
    Assert.That(Matrix.column ds.X 3, Is.EqualTo(kept |> Array.map (fun i -> float i * 2.0)))
    Assert.That(ds.Classes, Is.EqualTo [| "0"; "5"; "10" |])
    Assert.That(ds.Y, Is.EqualTo(kept |> Array.map (fun i -> i % 3)))

[<Test>]
let ``columns that are not features are left out with --ignore or by --columns, and a bool label is a class`` () =
    let file = path "mixed_columns.parquet"
    let ignored = load file (fun s -> { s with Ignore = [ "id"; "date_string_col"; "ts"; "comment" ] })
    let chosen = load file (fun s -> { s with Columns = Some [ "x2"; "x1" ] })
    Assert.That(ignored.FeatureNames, Is.EqualTo [| "x1"; "x2" |])
    Assert.That(Matrix.column ignored.X 0, Is.EqualTo(Array.init 40 (fun i -> float i * 0.25)))
    Assert.That(Matrix.column ignored.X 1, Is.EqualTo(Array.init 40 (fun i -> float (10 - i))))
    Assert.That(chosen.FeatureNames, Is.EqualTo [| "x2"; "x1" |])
    Assert.That(Matrix.column chosen.X 0, Is.EqualTo(Matrix.column ignored.X 1))
    for ds in [ ignored; chosen ] do
        Assert.That(ds.LabelName, Is.EqualTo "good")
        Assert.That(ds.Classes, Is.EqualTo [| "0"; "1" |])
        Assert.That(ds.Y, Is.EqualTo(Array.init 40 (fun i -> if i % 3 <> 0 then 1 else 0)))

[<TestCase("id", "1000", 40)>]
[<TestCase("date_string_col", "03/01/09", 28)>]
[<TestCase("ts", "2009-03-01T00:00:00.0000000Z", 40)>]
let ``a label column may be of any type Parquet holds`` (label: string, first: string, classes: int) =
    let ds = load (path "mixed_columns.parquet") (fun s -> { s with Label = Some label; Columns = Some [ "x1"; "x2" ]; DropMissing = true })
    Assert.That(ds.Classes.Length, Is.EqualTo classes)
    Assert.That(ds.Classes, Does.Contain first)

[<Test>]
let ``a table's other columns are not read when they are left out: a damaged one goes unnoticed`` () =
    // checksum_corrupt.parquet's damaged page is column b's: choosing only a leaves it unread.
    let ds = load (path "checksum_corrupt.parquet") (fun s -> { s with Columns = Some [ "a" ] })
    Assert.That(Matrix.column ds.X 0, Is.EqualTo(Array.init 64 (fun i -> float i * 0.5)))
    Assert.That(ds.Classes, Is.EqualTo [| "0"; "1" |])

[<Test>]
let ``predict takes the table a model was trained on with its extra columns, for Parquet and CSV`` () =
    let dir = freshFolder "parquet-extra-columns"
    File.Copy(path "mixed_columns.parquet", Path.Combine(dir, "m.parquet"))
    let ok (o: Outcome) = Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr); o
    ok (runIn dir [ "train"; "--data"; "m.parquet"; "--ignore"; "id,date_string_col,ts,comment"; "--epochs"; "5"; "--no-plots"; "--out"; "o" ]) |> ignore
    let model = File.ReadAllText(Path.Combine(dir, "o", "model.json"))
    Assert.That(model, Does.Contain "\"ignore\": \"id,date_string_col,ts,comment\"")
    let fromParquet = ok (runIn dir [ "predict"; "--model"; "o/model.json"; "--data"; "m.parquet" ])
    let lines = fromParquet.Stdout.Replace("\r", "").TrimEnd().Split('\n')
    Assert.That(lines.Length, Is.EqualTo 41)
    Assert.That(lines.[0], Is.EqualTo "predicted,p_0,p_1")
    // The same table as CSV (its text columns converted by hand), through --data and --csv alike.
    let csv =
        "id,comment,x1,x2,good\n"
        + String.Join(
            "\n",
            Array.init 40 (fun i ->
                let comment = if i % 5 = 0 then "checked" else ""
                let good = if i % 3 <> 0 then 1 else 0
                $"{1000 + i},{comment},{float i * 0.25},{10 - i},{good}")
        )
    File.WriteAllText(Path.Combine(dir, "m.csv"), csv)
    let fromCsv = ok (runIn dir [ "predict"; "--model"; "o/model.json"; "--data"; "m.csv" ])
    Assert.That(fromCsv.Stdout, Is.EqualTo fromParquet.Stdout)
    Assert.That((ok (runIn dir [ "predict"; "--model"; "o/model.json"; "--csv"; "m.csv" ])).Stdout, Is.EqualTo fromParquet.Stdout)
