/// The rest of the hardening suite: broken files of every kind, unusable output paths, and unusual but valid tables.
module Descent.Tests.HardeningTests

open System
open System.IO
open System.Text
open NUnit.Framework
open Descent.Tests.Constraints

/// A folder holding a trained model (out/model.json) and a table it can predict (points.csv).
let private withModel (name: string) =
    let dir = freshFolder name
    let trained = runIn dir [ "train"; "--epochs"; "5"; "--no-plots" ]
    Assert.That(trained.ExitCode, Is.EqualTo 0, trained.Stderr)
    File.WriteAllText(Path.Combine(dir, "points.csv"), "x0,x1\n-9.5,-4.3\n-2.4,2.8\n")
    dir

let private refusedIn (dir: string) (args: string list) (expected: string list) =
    let before = Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories) |> Array.map (fun f -> f, File.GetLastWriteTimeUtc f)
    let o = runIn dir args
    assertRefused expected o
    let after = Directory.GetFileSystemEntries(dir, "*", SearchOption.AllDirectories) |> Array.map (fun f -> f, File.GetLastWriteTimeUtc f)
    Assert.That(after, Is.EquivalentTo before, "something was written or changed")
    o

[<Test>]
let ``binary garbage as a CSV is refused`` () =
    let dir = freshFolder "garbage"
    let bytes = Array.init 4096 (fun i -> byte ((i * 7919 + 13) % 256))
    File.WriteAllBytes(Path.Combine(dir, "garbage.csv"), bytes)
    refusedIn dir [ "train"; "--csv"; "garbage.csv" ] [ "--csv garbage.csv" ] |> ignore

[<Test>]
let ``a 10 MB single line is refused`` () =
    let dir = freshFolder "oneline"
    let line = String.Join(",", Seq.init (10 * 1024 * 1024 / 7 + 1) (fun i -> (i % 1000000).ToString("000000")))
    File.WriteAllText(Path.Combine(dir, "wide.csv"), line)
    Assert.That(FileInfo(Path.Combine(dir, "wide.csv")).Length, Is.GreaterThanOrEqualTo(10L * 1024L * 1024L))
    refusedIn dir [ "train"; "--csv"; "wide.csv" ] [ "--csv wide.csv"; "line 1"; "longer than" ] |> ignore

[<Test>]
let ``a truncated model.json is refused`` () =
    let dir = withModel "truncated"
    let text = File.ReadAllText(Path.Combine(dir, "out", "model.json"))
    File.WriteAllText(Path.Combine(dir, "half.json"), text.Substring(0, text.Length / 2))
    refusedIn dir [ "predict"; "--model"; "half.json"; "--csv"; "points.csv" ] [ "--model half.json"; "not valid JSON" ] |> ignore

[<TestCase("""{"formatVersion": 99}""", "format version")>]
[<TestCase("""{"formatVersion": 2}""", "--model")>]
[<TestCase("""[1, 2, 3]""", "--model")>]
[<TestCase("", "--model")>]
let ``a corrupted model.json is refused`` (content: string, expected: string) =
    let dir = withModel "corrupted"
    File.WriteAllText(Path.Combine(dir, "bad.json"), content)
    refusedIn dir [ "predict"; "--model"; "bad.json"; "--csv"; "points.csv" ] [ expected ] |> ignore

[<Test>]
let ``a model.json whose weights do not fit its features is refused`` () =
    let dir = withModel "weights"
    let text = File.ReadAllText(Path.Combine(dir, "out", "model.json"))
    let doc = Text.Json.Nodes.JsonNode.Parse(text).AsObject()
    doc.["weights"] <- Text.Json.Nodes.JsonArray(Text.Json.Nodes.JsonValue.Create 1.0)
    File.WriteAllText(Path.Combine(dir, "short.json"), doc.ToJsonString())
    refusedIn dir [ "predict"; "--model"; "short.json"; "--csv"; "points.csv" ] [ "--model short.json" ] |> ignore

let private outputCases =
    [| [ "train"; "--epochs"; "2"; "--out"; "afile" ], "--out afile"
       [ "train"; "--epochs"; "2"; "--out"; "afile/sub" ], "--out afile/sub"
       [ "data"; "--out"; "adir" ], "--out adir"
       [ "data"; "--out"; "afile/x.csv" ], "--out afile/x.csv"
       [ "predict"; "--model"; "out/model.json"; "--csv"; "points.csv"; "--out"; "adir" ], "--out adir"
       [ "sweep"; "--alphas"; "0.1,0.01"; "--epochs"; "2"; "--out"; "afile" ], "--out afile" |]
    |> commandLineCases

[<TestCaseSource(nameof outputCases)>]
let ``an output path that cannot be written is refused before any work`` (args: string list, expected: string) =
    let dir = withModel "outputs"
    File.WriteAllText(Path.Combine(dir, "afile"), "keep")
    Directory.CreateDirectory(Path.Combine(dir, "adir")) |> ignore
    refusedIn dir args [ expected ] |> ignore
    Assert.That(File.ReadAllText(Path.Combine(dir, "afile")), Is.EqualTo "keep")

[<Test>]
let ``a table with a BOM, CRLF line ends and quoted numbers trains like the plain one`` () =
    let dir = freshFolder "unusual"
    let rows = [ "a,b,label"; "1.5,2,x"; "-1,0.5,y"; "2,2.5,x"; "-2,-1,y"; "1,3,x"; "-1.5,0,y"; "2.5,1,x"; "-3,-2,y" ]
    File.WriteAllText(Path.Combine(dir, "plain.csv"), String.Join("\n", rows) + "\n")
    let quoted = rows |> List.map (fun r -> String.Join(",", r.Split(',') |> Array.map (fun f -> "\"" + f + "\"")))
    File.WriteAllText(Path.Combine(dir, "unusual.csv"), String.Join("\r\n", quoted) + "\r\n", UTF8Encoding(true))
    let plain = runIn dir [ "train"; "--csv"; "plain.csv"; "--json"; "--out"; "p"; "--epochs"; "20" ]
    let unusual = runIn dir [ "train"; "--csv"; "unusual.csv"; "--json"; "--out"; "u"; "--epochs"; "20" ]
    Assert.That(plain.ExitCode, Is.EqualTo 0, plain.Stderr)
    Assert.That(unusual.ExitCode, Is.EqualTo 0, unusual.Stderr)
    let strip (json: string) = RunJson.withoutTimings(json).Replace("unusual.csv", "plain.csv")
    Assert.That(strip unusual.Stdout, Is.EqualTo(strip plain.Stdout))
    Assert.That(unusual.Stdout, Does.Contain "\"featureNames\"")
