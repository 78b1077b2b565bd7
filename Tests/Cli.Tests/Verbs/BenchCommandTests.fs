/// `descent bench` run as a user runs it (small sizes: what is checked is the shape and sense of the figures, never
/// how fast they are), and its refusals.
module Descent.Tests.BenchCommandTests

open System.IO
open System.Text.Json
open NUnit.Framework
open Descent.Tests.Constraints

let private results (o: Outcome) =
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    j, [ for r in (prop "results" j).EnumerateArray() -> r ]

let private timing (r: JsonElement) (name: string) =
    let t = prop name r
    (prop "median" t).GetDouble(), (prop "min" t).GetDouble()

let private checkResult (elementBytes: int) (rows: int) (columns: int) (r: JsonElement) =
    Assert.That((prop "rows" r).GetInt32(), Is.EqualTo rows)
    Assert.That((prop "columns" r).GetInt32(), Is.EqualTo columns)
    Assert.That((prop "bytes" r).GetInt64(), Is.EqualTo(int64 rows * int64 (columns + 1) * int64 elementBytes))
    Assert.That((prop "epochsPerSample" r).GetInt32(), Is.GreaterThanOrEqualTo 1)
    for name in [ "epochSeconds"; "readPassSeconds" ] do
        let median, least = timing r name
        Assert.That(least, Is.GreaterThan 0.0, name)
        Assert.That(least, Is.LessThanOrEqualTo median, name)
    let median, _ = timing r "epochSeconds"
    let pass, _ = timing r "readPassSeconds"
    Assert.That((prop "gigabytesPerSecond" r).GetDouble(), Is.EqualTo(float ((prop "bytes" r).GetInt64()) / median / 1e9).Within(1e-9).Percent)
    Assert.That((prop "ratioToReadPass" r).GetDouble(), Is.EqualTo(median / pass).Within(1e-9).Percent)
    Assert.That((prop "allocatedBytesPerEpoch" r).GetDouble(), Is.EqualTo 0.0, "epochs allocate nothing")

[<Test>]
let ``bench --json reports every size with its timings, bandwidth and zero allocation`` () =
    let j, rs = results (run [ "bench"; "--sizes"; "500x3,1001x5"; "--epochs"; "3"; "--json" ])
    Assert.That(rs.Length, Is.EqualTo 2)
    checkResult 8 500 3 rs.[0]
    checkResult 8 1001 5 rs.[1]
    let settings = prop "settings" j
    Assert.That((prop "dtype" settings).GetString(), Is.EqualTo "float64")
    Assert.That((prop "optimizer" settings).GetString(), Is.EqualTo "gd")
    Assert.That((prop "samples" settings).GetInt32(), Is.EqualTo 3)
    Assert.That((prop "threads" settings).GetInt32(), Is.EqualTo System.Environment.ProcessorCount)
    Assert.That((prop "cores" (prop "machine" j)).GetString(), Is.EqualTo(string System.Environment.ProcessorCount))

[<Test>]
let ``bench runs float32 mini-batch SGD and a multi-threaded batch of several chunks`` () =
    let _, rs = results (run [ "bench"; "--sizes"; "777x4"; "--epochs"; "2"; "--dtype"; "float32"; "--optimizer"; "sgd"; "--batch-size"; "32"; "--json" ])
    checkResult 4 777 4 rs.[0]
    let j, rs = results (run [ "bench"; "--sizes"; "20001x7"; "--epochs"; "2"; "--threads"; "3"; "--json" ])
    checkResult 8 20001 7 rs.[0]
    Assert.That((prop "threads" (prop "settings" j)).GetInt32(), Is.EqualTo 3)

[<Test>]
let ``bench prints a table with one row per size`` () =
    let o = run [ "bench"; "--sizes"; "100x2, 300x3"; "--epochs"; "2" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = o.Stdout.Replace("\r", "").Split('\n', System.StringSplitOptions.RemoveEmptyEntries)
    Assert.That(lines.Length, Is.EqualTo 4, o.Stdout)
    Assert.That(lines.[0], Does.StartWith "descent bench: float64, gd")
    Assert.That(lines.[1], Does.Contain "epoch median")
    Assert.That(lines.[2], Does.StartWith "100x2 ")
    Assert.That(lines.[3], Does.StartWith "300x3 ")

let badCases =
    refusals
        [ refusedValues [ "bench" ] "--sizes" [ "abc"; "0x3"; "10x0"; "10x3x2"; "99999999999x3"; "," ]
          refusedValues [ "bench" ] "--epochs" [ "0" ]
          refusedValues [ "bench" ] "--threads" [ "0" ]
          refusedValues [ "bench" ] "--batch-size" [ "0" ]
          refusedValues [ "bench" ] "--dtype" [ "float16" ]
          refusedValues [ "bench" ] "--optimizer" [ "lamb" ] ]

[<TestCaseSource(nameof badCases)>]
let ``bad bench input is refused with one line naming the flag and exit code 2`` (args: string list, flag: string) =
    let o = assertRefusedWithUsage "bench-bad" runIn args flag
    Assert.That(o.Stdout, Is.Empty)

[<Test>]
let ``sizes that do not fit in memory are refused with the estimate and the memory available, before allocating`` () =
    let o = run [ "bench"; "--sizes"; "500x3,2000000000x1000"; "--json" ]
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    assertRefused [ "--sizes 2000000000x1000 needs about 16040.0 GB in float64"; "GB of memory is available" ] o
    Assert.That(o.Stderr.Split('\n').[0], Does.Match "; [0-9.]+ GB of memory is available")
    Assert.That(o.Stdout, Is.Empty, "nothing measured before the refusal")

[<Test>]
let ``a size over one array's limit is refused even where memory would allow it`` () =
    // 2.2e9 elements of float32 are 8.8 GB: refused for the array limit here, for memory on a smaller machine.
    let o = run [ "bench"; "--sizes"; "1000x2200000"; "--dtype"; "float32" ]
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    assertRefused [ "--sizes 1000x2200000 " ] o
    Assert.That(o.Stderr.Split('\n').[0], Does.Contain("has 2200000000 elements; one array holds at most 2147483591").Or.Contain("GB of memory is available"))
