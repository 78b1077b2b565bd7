/// Bad flags get one clear line naming the flag, then usage; exit code 2, no stack trace and nothing written.
module Descent.Tests.BadInputTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

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
       [ "train"; "--optimizer"; "sgdm" ], "--optimizer"
       [ "train"; "--schedule"; "cyclic" ], "--schedule"
       [ "train"; "--loss"; "svm" ], "--loss"
       [ "train"; "--l1"; "-1" ], "--l1"
       [ "train"; "--l1"; "nan" ], "--l1"
       [ "train"; "--elastic-net"; "-0.1" ], "--elastic-net"
       [ "train"; "--elastic-net"; "0.1"; "--l1-ratio"; "1.5" ], "--l1-ratio"
       [ "train"; "--elastic-net"; "0.1"; "--l1-ratio"; "-0.1" ], "--l1-ratio"
       [ "train"; "--elastic-net"; "0.1"; "--l1"; "0.1" ], "--elastic-net"
       [ "train"; "--elastic-net"; "0.1"; "--l2"; "0.1" ], "--elastic-net"
       [ "train"; "--l1-ratio"; "0.5" ], "--l1-ratio"
       [ "train"; "--loss"; "softmax"; "--class-weight"; "7=2" ], "class '7'"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "0=0" ], "--class-weight"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "0=-1" ], "--class-weight"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "0=inf" ], "--class-weight"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "0=nan" ], "--class-weight"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "0:2" ], "--class-weight"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "0=2," ], "--class-weight"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "0=1,0=2" ], "--class-weight"
       [ "train"; "--loss"; "hinge"; "--class-weight"; "heavy" ], "--class-weight"
       [ "train"; "--loss"; "logloss"; "--class-weight"; "balanced" ], "--class-weight"
       [ "sweep"; "--losses"; "softmax,svm" ], "--losses"
       [ "sweep"; "--losses"; "" ], "--losses"
       [ "sweep"; "--loss"; "hinge"; "--losses"; "softmax,hinge" ], "--losses"
       [ "bench"; "--loss"; "svm" ], "--loss"
       [ "bench"; "--classes"; "1" ], "--classes"
       [ "train"; "--dtype"; "float16" ], "--dtype"
       [ "train"; "--data-seed"; "4294967296" ], "--data-seed"
       [ "train"; "--init-seed"; "-1" ], "--init-seed"
       [ "train"; "--print-every"; "0" ], "--print-every"
       [ "data"; "--centers"; "1" ], "--centers"
       [ "data"; "--samples"; "x" ], "--samples"
       [ "nosuchverb" ], "nosuchverb"
       [ "train"; "--plotly-js"; "missing.js" ], "--plotly-js"
       [ "sweep"; "--alphas"; "" ], "--alphas"
       [ "sweep"; "--alphas"; "," ], "--alphas"
       [ "sweep"; "--alphas"; "0.1,,0.01" ], "--alphas"
       [ "sweep"; "--alphas"; "0.1,abc" ], "--alphas"
       [ "sweep"; "--alphas"; "0.1,-1" ], "--alphas"
       [ "sweep"; "--alphas"; "0.1,nan" ], "--alphas"
       [ "sweep"; "--batch-sizes"; "16,x" ], "--batch-sizes"
       [ "sweep"; "--batch-sizes"; "16,0" ], "--batch-sizes"
       [ "sweep"; "--batch-sizes"; "16.5" ], "--batch-sizes"
       [ "sweep"; "--momenta"; "0,1" ], "--momenta"
       [ "sweep"; "--momenta"; "" ], "--momenta"
       [ "sweep"; "--optimizers"; "gd,adamz" ], "--optimizers"
       [ "sweep"; "--optimizers"; "" ], "--optimizers"
       [ "sweep"; "--alphas"; String.Join(",", [ for i in 1 .. 101 -> $"0.{i}" ]); "--batch-sizes"; String.Join(",", [ 1 .. 100 ]); "--optimizers"; "sgd" ], "--yes"
       [ "sweep"; "--shard"; "0/3" ], "--shard"
       [ "sweep"; "--shard"; "4/3" ], "--shard"
       [ "sweep"; "--shard"; "1/0" ], "--shard"
       [ "sweep"; "--shard"; "two" ], "--shard"
       [ "sweep"; "--jobs"; "0" ], "--jobs"
       [ "sweep"; "--jobs"; "many" ], "--jobs"
       [ "sweep"; "--print-every"; "5" ], "--print-every"
       [ "sweep"; "--threads"; "2" ], "--threads"
       [ "sweep"; "--save-model"; "m.json" ], "--save-model"
       [ "sweep"; "--alpha"; "0.1"; "--alphas"; "0.1,0.2" ], "--alphas"
       [ "sweep"; "--nesterov"; "--momenta"; "0,0.9" ], "--nesterov"
       [ "sweep"; "--epochs"; "0" ], "--epochs"
       [ "sweep"; "--bogus" ], "--bogus"
       [ "sweep"; "--plotly-js"; "missing.js" ], "--plotly-js"
       [ "merge"; "nowhere" ], "nowhere"
       [ "merge"; "." ], "sweep-part" |]
    |> commandLineCases

/// The checks of every case: exit code 2, the line naming the flag, a usage line, nothing written.
let private assertBadFlag run args flag = BadFlag.assertRefusedWithUsage "bad" run args flag |> ignore

/// Every case through the program's entry function (the executable's code path after start-up, without a process each).
[<TestCaseSource(nameof cases)>]
let ``bad input is refused with one line, exit code 2 and nothing written`` (args: string list, flag: string) =
    assertBadFlag runInProcess args flag

/// A few cases per verb through the real executable, as a user meets them.
let processCases =
    [| [ "train"; "--alpha"; "-0.1" ], "--alpha"
       [ "train"; "--bogus" ], "--bogus"
       [ "data"; "--centers"; "1" ], "--centers"
       [ "sweep"; "--alphas"; "0.1,abc" ], "--alphas"
       [ "sweep"; "--shard"; "4/3" ], "--shard"
       [ "merge"; "nowhere" ], "nowhere"
       [ "nosuchverb" ], "nosuchverb" |]
    |> commandLineCases

[<TestCaseSource(nameof processCases)>]
let ``bad input is refused by the executable with one line, exit code 2 and nothing written`` (args: string list, flag: string) =
    assertBadFlag runIn args flag
