/// Bad CSV input through the real executable: one line naming the file (and the 1-based line and the column where
/// they apply), exit code 2, no stack trace, nothing written.
module Descent.Tests.CsvBadInputTests

open System
open System.IO
open System.IO.Compression
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

/// (name, file content or None for no file, extra flags, strings the message must contain)
let private cases =
    [| "missing file", None, [], [ "no such file" ]
       "empty file", Some "", [], [ "is empty" ]
       "blank lines only", Some "\n\n", [], [ "is empty" ]
       "header only", Some "a,b,y\n", [], [ "no data rows" ]
       "single column", Some "a\n1\n", [], [ "single column"; "line 1" ]
       "ragged row", Some "a,b,y\n1,2,0\n3,4\n5,6,1\n", [], [ "line 3"; "2 fields, expected 3" ]
       "long row", Some "a,b,y\n1,2,0,9\n", [], [ "line 2"; "4 fields, expected 3" ]
       "non-numeric cell", Some "a,b,y\n1,2,0\n3,abc,1\n", [], [ "line 3"; "column 'b'"; "'abc' is not a number" ]
       "empty cell", Some "a,b,y\n1,2,0\n3,,1\n", [], [ "line 3"; "column 'b'"; "empty cell"; "--drop-missing" ]
       "empty label", Some "a,b,y\n1,2,0\n3,4,\n", [], [ "line 3"; "column 'y'"; "empty label" ]
       "NaN", Some "a,b,y\n1,2,0\nNaN,4,1\n", [], [ "line 3"; "column 'a'"; "not a finite number" ]
       "numpy inf", Some "a,b,y\n1,2,0\n3,-inf,1\n", [], [ "line 3"; "column 'b'"; "not a finite number" ]
       "overflow", Some "a,b,y\n1,2,0\n3,1e400,1\n", [], [ "line 3"; "column 'b'"; "not a finite number" ]
       "NaN label", Some "a,b,y\n1,2,0\n3,4,1\n5,6,NaN\n", [], [ "line 4"; "column 'y'"; "label 'NaN' is not a finite number" ]
       "infinite label", Some "a,b,y\n1,2,0\n3,4,inf\n5,6,1\n", [], [ "line 3"; "column 'y'"; "label 'inf' is not a finite number" ]
       "no such label name", Some "a,b,y\n1,2,0\n3,4,1\n", [ "--label"; "zz" ], [ "--label 'zz' is not a column"; "a, b, y" ]
       "label index out of range", Some "a,b,y\n1,2,0\n3,4,1\n", [ "--label"; "3" ], [ "--label 3 is out of range" ]
       "label name without header", Some "1,2,0\n3,4,1\n", [ "--label"; "y" ], [ "no header row" ]
       "single class in the file", Some "a,b,y\n1,2,0\n3,4,0\n5,6,0\n", [], [ "single class"; "'0'" ]
       "duplicate column names", Some "a,a,y\n1,2,0\n3,4,1\n", [], [ "line 1"; "'a'"; "more than one column" ]
       "unclosed quote", Some "a,b,y\n1,2,0\n3,\"4,1\n", [], [ "line 3"; "malformed CSV" ]
       "drop-missing drops everything", Some "a,b,y\n1,,0\n,4,1\n", [ "--drop-missing" ], [ "every data row has an empty cell" ]
       "not gzip", Some "a,b,y\n1,2,0\n", [ "--gz" ], [ "not valid gzip" ]
       "unknown column in --columns", Some "a,b,y\n1,2,0\n3,4,1\n", [ "--columns"; "a,c" ], [ "--columns 'c' is not a column"; "a, b, y" ]
       "the label among --columns", Some "a,b,y\n1,2,0\n3,4,1\n", [ "--columns"; "a,y" ], [ "--columns names 'y', the label column" ]
       "a column named twice in --columns", Some "a,b,y\n1,2,0\n3,4,1\n", [ "--columns"; "a,a" ], [ "--columns names 'a' more than once" ]
       "unknown column in --ignore", Some "a,b,y\n1,2,0\n3,4,1\n", [ "--ignore"; "z" ], [ "--ignore 'z' is not a column" ]
       "every feature ignored", Some "a,b,y\n1,2,0\n3,4,1\n", [ "--ignore"; "a,b" ], [ "leaves no feature column" ]
       "a text column not left out", Some "id,a,y\nx1,1,0\nx2,3,1\n", [], [ "line 2"; "column 'id'"; "'x1' is not a number" ] |]
    |> Array.map (fun (name, content, flags, expected) -> TestCaseData(content, flags, expected).SetArgDisplayNames(name: string))

[<TestCaseSource(nameof cases)>]
let ``a bad CSV is refused with one line naming the file, exit code 2 and nothing written``
    (content: string option, flags: string list, expected: string list) =
    let dir = freshFolder "badcsv"
    let name = if List.contains "--gz" flags then "data.csv.gz" else "data.csv"
    content |> Option.iter (fun text -> File.WriteAllText(Path.Combine(dir, name), text))
    let before = Directory.GetFileSystemEntries dir
    let o = runInProcess dir ([ "train"; "--csv"; name; "--out"; "results" ] @ List.filter ((<>) "--gz") flags)
    Assert.That(o.ExitCode, Is.EqualTo 2, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    assertRefused [] o
    let lines = o.Stderr.TrimEnd().Split('\n')
    Assert.That(lines.Length, Is.EqualTo 1, o.Stderr)
    Assert.That(lines.[0], Does.StartWith $"descent: --csv {name}")
    for part in expected do
        Assert.That(lines.[0], Does.Contain part)
    assertNoStackTrace o
    Assert.That(Directory.GetFileSystemEntries dir, Is.EquivalentTo before, "something was written")

/// (name, file name, how to write it, strings the message must contain): files too big or damaged to write as text.
let private madeCases =
    let rows = String.replicate 40_000 "1.5,2.5,0\n3.5,4.5,1\n"
    [| // Sep's limit on one row is 16 MiB: a table without line breaks, and a quote that never closes, pass it.
       "a line longer than 16 MiB", "wide.csv",
       (fun (f: string) -> File.WriteAllText(f, "a,b,y\n" + String.replicate (17 <<< 20) "7")),
       [ "longer than the CSV reader takes (16 MiB)"; "without line breaks" ]
       "an unclosed quote over 16 MiB", "quote.csv",
       (fun f -> File.WriteAllText(f, "a,b,y\n1,2,0\n3,\"4,1\n" + String.replicate (1 <<< 20) "5,6,1\n5,6,0\n5,6,1\n")),
       [ "longer than the CSV reader takes (16 MiB)"; "a quote that never closes" ]
       // A .csv.gz cut short: GZipStream ends quietly, the trailer's size tells.
       "a truncated .csv.gz", "cut.csv.gz",
       (fun f ->
           use buffer = new MemoryStream()
           (use gz = new GZipStream(buffer, CompressionLevel.Optimal, true)
            let bytes = Text.Encoding.UTF8.GetBytes("a,b,y\n" + rows)
            gz.Write(bytes, 0, bytes.Length))
           let whole = buffer.ToArray()
           File.WriteAllBytes(f, whole.[.. whole.Length * 2 / 3])),
       [ "not valid gzip data"; "cut short" ] |]
    |> Array.map (fun (name, file, make, expected) -> TestCaseData(file, make, expected).SetArgDisplayNames(name: string))

[<TestCaseSource(nameof madeCases)>]
let ``an over-long line or a damaged archive is refused with one line naming the file, exit code 2`` (file: string, make: string -> unit, expected: string list) =
    let dir = freshFolder "badcsv-made"
    make (Path.Combine(dir, file))
    let before = Directory.GetFileSystemEntries dir
    let o = runInProcess dir [ "train"; "--csv"; file; "--out"; "results" ]
    Assert.That(o.ExitCode, Is.EqualTo 2, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    assertRefused [] o
    let lines = o.Stderr.TrimEnd().Split('\n')
    Assert.That(lines.Length, Is.EqualTo 1, o.Stderr)
    Assert.That(lines.[0], Does.StartWith $"descent: --csv {file}")
    for part in expected do
        Assert.That(lines.[0], Does.Contain part)
    assertNoStackTrace o
    Assert.That(Directory.GetFileSystemEntries dir, Is.EquivalentTo before, "something was written")

[<Test>]
let ``a training split that holds a single class is refused`` () =
    // Every training row (as the split with seed 42 chooses them) gets class a; only test rows get b.
    let n = 20
    let train, test = Split.indices 0.5 42L n
    let labels = Array.create n "a"
    for i in test do
        labels.[i] <- "b"
    let dir = freshFolder "badcsv"
    File.WriteAllLines(Path.Combine(dir, "one.csv"), Array.append [| "x,label" |] (Array.init n (fun i -> $"{i},{labels.[i]}")))
    Assert.That(train.Length, Is.EqualTo 10)
    let o = runIn dir [ "train"; "--csv"; "one.csv"; "--out"; "results" ]
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    assertRefused [] o
    Assert.That(o.Stderr, Does.StartWith "descent: --csv one.csv: the training set holds a single class ('a' of column 'label')")
    Assert.That(Directory.Exists(Path.Combine(dir, "results")), Is.False)

let private flagCases =
    [| [ "train"; "--dataset"; "csv" ], "--dataset csv needs --csv"
       [ "train"; "--csv"; "x.csv"; "--noise"; "0.1" ], "--noise does not apply to --dataset csv"
       [ "train"; "--dataset"; "moons"; "--factor"; "0.5" ], "--factor does not apply to --dataset moons"
       [ "train"; "--dataset"; "circles"; "--centers"; "3" ], "--centers does not apply to --dataset circles"
       [ "train"; "--dataset"; "blobs"; "--label"; "y" ], "--label does not apply to --dataset blobs"
       [ "train"; "--dataset"; "moons"; "--columns"; "a" ], "--columns does not apply to --dataset moons"
       [ "train"; "--dataset"; "xor"; "--factor"; "0.5" ], "--factor does not apply to --dataset xor"
       [ "train"; "--dataset"; "xor"; "--cluster-std"; "2" ], "--cluster-std does not apply to --dataset xor"
       [ "train"; "--dataset"; "xor"; "--label"; "y" ], "--label does not apply to --dataset xor"
       [ "sweep"; "--dataset"; "xor"; "--features"; "3"; "--alphas"; "0.1" ], "--features does not apply to --dataset xor"
       [ "data"; "--dataset"; "xor"; "--centers"; "3" ], "--centers does not apply to --dataset xor"
       [ "train"; "--dataset"; "xor"; "--noise"; "-0.5" ], "--noise must be a finite number >= 0"
       [ "train"; "--dataset"; "xor"; "--noise"; "nan" ], "--noise must be"
       [ "train"; "--dataset"; "xor"; "--samples"; "1" ], "--samples must be an integer >= 2"
       [ "gradcheck"; "--dataset"; "xor"; "--data-seed"; "4294967296" ], "--data-seed must be between 0 and 4294967295"
       [ "train"; "--csv"; "x.csv"; "--ignore"; "a,,b" ], "--ignore takes column names separated by commas"
       [ "train"; "--dataset"; "spirals" ], "--dataset must be one of"
       [ "train"; "--dataset"; "circles"; "--factor"; "1" ], "--factor must be in [0, 1)"
       [ "train"; "--dataset"; "moons"; "--noise"; "-1" ], "--noise must be"
       [ "train"; "--dataset"; "moons"; "--samples"; "1" ], "--samples"
       [ "train"; "--csv"; "x.csv"; "--delimiter"; "ab" ], "--delimiter must be a single character"
       [ "train"; "--csv"; "x.csv"; "--delimiter"; "\"" ], "--delimiter must be one character"
       [ "train"; "--scale"; "log" ], "--scale must be one of none, standard, minmax"
       [ "data"; "--dataset"; "csv" ], "--dataset must be one of blobs, moons, circles, xor (got 'csv')" |]
    |> commandLineCases

[<TestCaseSource(nameof flagCases)>]
let ``dataset flags out of place or out of range are refused`` (args: string list, message: string) =
    let dir = freshFolder "badflags"
    File.WriteAllText(Path.Combine(dir, "x.csv"), "a,y\n1,0\n2,1\n")
    let o = runInProcess dir args
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    assertRefused [] o
    Assert.That(o.Stderr.Split('\n').[0], Does.Contain message)
    assertNoStackTrace o
    Assert.That(Directory.GetFileSystemEntries dir, Is.EquivalentTo [| Path.Combine(dir, "x.csv") |])
