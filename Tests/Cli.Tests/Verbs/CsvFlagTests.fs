/// `descent train --csv` with each way of presenting the same table (delimiter, header, label position, gzip,
/// missing cells) trains exactly the same model; generated shapes, the saved model and the defaults, end to end.
module Descent.Tests.CsvFlagTests

open System
open System.IO
open System.IO.Compression
open System.Text.Json
open NUnit.Framework
open Descent.Tests.Constraints

let private iris = lazy (File.ReadAllLines(path "iris.csv"))

/// The losses and weights of `train --json` on `file` written into a fresh folder (as text, or gzip-compressed).
let private trainOn (file: string) (lines: string[]) (flags: string list) =
    let dir = freshFolder "csv-flags"
    let target = Path.Combine(dir, file)
    let text = String.Join("\n", lines) + "\n"
    if file.EndsWith ".gz" then
        use out = File.Create target
        use gz = new GZipStream(out, CompressionLevel.Optimal)
        let bytes = Text.Encoding.UTF8.GetBytes text
        gz.Write(bytes, 0, bytes.Length)
    else
        File.WriteAllText(target, text)
    let o = runIn dir ([ "train"; "--csv"; file; "--epochs"; "30"; "--json"; "--no-plots" ] @ flags)
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    // Weights of several classes are rows of numbers (d × K): flattened in order.
    let rec flat (v: JsonElement) =
        if v.ValueKind = JsonValueKind.Array then Seq.collect flat (v.EnumerateArray()) else Seq.singleton (v.GetDouble())
    let numbers (name: string) = Array.ofSeq (flat (j.GetProperty name))
    numbers "losses", numbers "weights"

/// Moves column `from` of a CSV line to position `into`.
let private move (from: int) (into: int) (line: string) =
    let cells = ResizeArray(line.Split ',')
    let cell = cells.[from]
    cells.RemoveAt from
    cells.Insert(into, cell)
    String.Join(",", cells)

let variants =
    [| "tab-delimited", "iris.tsv", (fun (l: string[]) -> l |> Array.map (fun s -> s.Replace(',', '\t'))), [ "--delimiter"; "tab" ]
       "semicolons", "iris.csv", (fun l -> l |> Array.map (fun s -> s.Replace(',', ';'))), [ "--delimiter"; ";" ]
       "no header", "iris.csv", (fun l -> l.[1..]), [ "--no-header" ]
       "label first, by index", "iris.csv", Array.map (move 4 0), [ "--label"; "0" ]
       "label in the middle, by name", "iris.csv", Array.map (move 4 2), [ "--label"; "target" ]
       "gzip", "iris.csv.gz", id, []
       "a row with an empty cell, dropped", "iris.csv", (fun l -> Array.insertAt 3 "5.0,,1.4,0.2,0" l), [ "--drop-missing" ]
       // Columns that are not features, left out unparsed: an id, a date and a comment with text no number parser takes.
       "extra columns, --ignore",
       "iris.csv",
       Array.mapi (fun i (l: string) -> if i = 0 then $"id,{l},when,note" else $"{i},{l},2024-01-{i % 28 + 1:D2},n/a {i}"),
       [ "--ignore"; "id,when,note"; "--label"; "target" ]
       "extra columns, --columns",
       "iris.csv",
       Array.mapi (fun i (l: string) -> if i = 0 then $"id,{l},note" else $"{i},{l},n/a"),
       [ "--columns"; "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm"; "--label"; "target" ] |]
    |> Array.map (fun (name, file, change, flags) -> TestCaseData(file, change, flags).SetArgDisplayNames(name: string))

[<TestCaseSource(nameof variants)>]
let ``the same table in another form trains exactly the same model`` (file: string, change: string[] -> string[], flags: string list) =
    let losses, weights = trainOn "iris.csv" iris.Value []
    let losses', weights' = trainOn file (change iris.Value) flags
    Assert.That(losses'.Length, Is.EqualTo 30)
    Assert.That(losses', Is.EqualTo losses)
    Assert.That(weights', Is.EqualTo weights)

[<Test>]
let ``a linear unit separates moons well and concentric circles no better than chance allows`` () =
    let accuracy (args: string list) =
        let o = run ([ "train"; "--json"; "--no-plots"; "--epochs"; "300"; "--loss"; "logloss"; "--alpha"; "0.01" ] @ args)
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        let j = parseJson o.Stdout
        Assert.That(j.GetProperty("settings").GetProperty("data").GetProperty("dataset").GetString(), Is.EqualTo args.[1])
        j.GetProperty("accuracy").GetDouble()
    Assert.That(accuracy [ "--dataset"; "moons"; "--noise"; "0.1" ], Is.GreaterThan 0.8)
    Assert.That(accuracy [ "--dataset"; "circles"; "--noise"; "0.05"; "--factor"; "0.5" ], Is.LessThan 0.7)

[<Test>]
let ``model.json on disk holds the format version, loss, scaler and settings`` () =
    let dir = freshFolder "model-file"
    File.Copy(path "iris.csv", Path.Combine(dir, "iris.csv"))
    let o = runIn dir [ "train"; "--csv"; "iris.csv"; "--scale"; "minmax"; "--loss"; "logloss"; "--epochs"; "5"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let m = readJson (Path.Combine(dir, "out", "model.json"))
    Assert.That(m.GetProperty("formatVersion").GetInt32(), Is.EqualTo 3)
    Assert.That(m.GetProperty("loss").GetString(), Is.EqualTo "logloss")
    Assert.That(m.GetProperty("scaler").GetProperty("kind").GetString(), Is.EqualTo "minmax")
    Assert.That(m.GetProperty("classes").GetArrayLength(), Is.EqualTo 3)
    Assert.That(m.GetProperty("featureNames").GetArrayLength(), Is.EqualTo 4)
    Assert.That(m.GetProperty("weights").GetArrayLength(), Is.EqualTo 5)
    let settings = m.GetProperty "settings"
    Assert.That(settings.GetProperty("epochs").GetInt32(), Is.EqualTo 5)
    Assert.That(settings.GetProperty("data").GetProperty("dataset").GetString(), Is.EqualTo "csv")

[<Test>]
let ``--columns reads the named columns in their order and no other`` () =
    let dir = freshFolder "csv-columns"
    File.WriteAllText(Path.Combine(dir, "t.csv"), "note,b,a,y\nhello,1,10,0\nworld,2,20,1\nagain,3,30,0\nmore,4,40,1\n")
    let o = runIn dir [ "convert"; "--columns"; "a,b"; "t.csv"; "t2.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(File.ReadAllText(Path.Combine(dir, "t2.csv")).Replace("\r", ""), Is.EqualTo "a,b,y\n10,1,0\n20,2,1\n30,3,0\n40,4,1\n")

[<Test>]
let ``data --out makes the folders it needs, as train --out does`` () =
    let dir = freshFolder "data-out-folders"
    let o = runIn dir [ "data"; "--samples"; "10"; "--out"; "new/dir/x.csv" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(File.ReadAllLines(Path.Combine(dir, "new", "dir", "x.csv")).Length, Is.EqualTo 11)
    let p = runIn dir [ "data"; "--samples"; "10"; "--out"; "other/x.parquet" ]
    Assert.That(p.ExitCode, Is.EqualTo 0, p.Stderr)
    Assert.That(File.Exists(Path.Combine(dir, "other", "x.parquet")), Is.True)
