/// Bad input gets one clear line naming the flag, exit code 2, no stack trace and nothing written.
module Descent.Tests.BadInputTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent.Tests.DescentProcess

let cases =
    [| [ "train"; "--bogus" ], "--bogus"
       [ "train"; "--epochs"; "abc" ], "--epochs"
       [ "train"; "--epochs"; "0" ], "--epochs"
       [ "train"; "--epochs"; "-3" ], "--epochs"
       [ "train"; "--alpha"; "0" ], "--alpha"
       [ "train"; "--alpha"; "-0.1" ], "--alpha"
       [ "train"; "--alpha"; "nan" ], "--alpha"
       [ "train"; "--alpha"; "Infinity" ], "--alpha"
       [ "train"; "--test-size"; "0" ], "--test-size"
       [ "train"; "--test-size"; "1" ], "--test-size"
       [ "train"; "--test-size"; "1.5" ], "--test-size"
       [ "train"; "--samples"; "1"; "--centers"; "2" ], "--samples"
       [ "train"; "--centers"; "1" ], "--centers"
       [ "train"; "--batch-size"; "0"; "--optimizer"; "sgd" ], "--batch-size"
       [ "train"; "--momentum"; "1" ], "--momentum"
       [ "train"; "--momentum"; "-0.5" ], "--momentum"
       [ "train"; "--nesterov" ], "--nesterov"
       [ "train"; "--l2"; "-1" ], "--l2"
       [ "train"; "--loss"; "hinge" ], "--loss"
       [ "train"; "--optimizer"; "adam" ], "--optimizer"
       [ "train"; "--schedule"; "cosine" ], "--schedule"
       [ "train"; "--dtype"; "float16" ], "--dtype"
       [ "train"; "--data-seed"; "4294967296" ], "--data-seed"
       [ "train"; "--init-seed"; "-1" ], "--init-seed"
       [ "train"; "--print-every"; "0" ], "--print-every"
       [ "data"; "--centers"; "1" ], "--centers"
       [ "data"; "--samples"; "x" ], "--samples"
       [ "nosuchverb" ], "nosuchverb" |]
    |> Array.map (fun (args, flag) -> TestCaseData(args, flag).SetArgDisplayNames(String.concat " " args))

[<TestCaseSource(nameof cases)>]
let ``bad input is refused with one line, exit code 2 and nothing written`` (args: string list, flag: string) =
    let dir = freshFolder "bad"
    let o = runIn dir args
    Assert.That(o.ExitCode, Is.EqualTo 2, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    let first = o.Stderr.Split('\n').[0]
    Assert.That(first, Does.StartWith "descent: ")
    Assert.That(first, Does.Contain flag)
    assertNoStackTrace o
    Assert.That(Directory.GetFileSystemEntries dir, Is.Empty, "something was written")

/// The count of inputs tried, on the test run's progress output and in bad-input-count.txt (which .ci/run prints).
[<OneTimeTearDown>]
let ``report how many bad inputs were tried`` () =
    let line = $"bad-input suite: {cases.Length} inputs tried"
    TestContext.Progress.WriteLine line
    File.WriteAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "bad-input-count.txt"), line + "\n")
