/// Bad flags get one clear line naming the flag, then usage; exit code 2, no stack trace and nothing written.
module Descent.Tests.BadInputTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

let cases =
    refusals
        [ refusedFlag [ "train" ] "--bogus"
          refusedValues [ "train" ] "--epochs" [ "abc"; "0"; "-3" ]
          refusedValues [ "train" ] "--alpha" [ "0"; "-0.1"; "nan"; "Infinity" ]
          refusedValues [ "train" ] "--test-size" [ "0"; "1"; "1.5" ]
          refusedAs "--samples" [ "train"; "--samples"; "1"; "--centers"; "2" ]
          refusedValues [ "train" ] "--centers" [ "1" ]
          refusedAs "--batch-size" [ "train"; "--batch-size"; "0"; "--optimizer"; "sgd" ]
          refusedValues [ "train" ] "--momentum" [ "1"; "-0.5" ]
          refusedFlag [ "train" ] "--nesterov"
          refusedValues [ "train" ] "--l2" [ "-1" ]
          refusedValues [ "train" ] "--optimizer" [ "sgdm" ]
          refusedValues [ "train" ] "--schedule" [ "cyclic" ]
          refusedValues [ "train" ] "--loss" [ "svm" ]
          refusedValues [ "train" ] "--l1" [ "-1"; "nan" ]
          refusedValues [ "train" ] "--elastic-net" [ "-0.1" ]
          refusedValues [ "train"; "--elastic-net"; "0.1" ] "--l1-ratio" [ "1.5"; "-0.1" ]
          refusedAs "--elastic-net" [ "train"; "--elastic-net"; "0.1"; "--l1"; "0.1" ]
          refusedAs "--elastic-net" [ "train"; "--elastic-net"; "0.1"; "--l2"; "0.1" ]
          refusedValues [ "train" ] "--l1-ratio" [ "0.5" ]
          refusedAs "class '7'" [ "train"; "--loss"; "softmax"; "--class-weight"; "7=2" ]
          refusedValues [ "train"; "--loss"; "hinge" ] "--class-weight" [ "0=0"; "0=-1"; "0=inf"; "0=nan"; "0:2"; "0=2,"; "0=1,0=2"; "heavy" ]
          refusedValues [ "train"; "--loss"; "logloss" ] "--class-weight" [ "balanced" ]
          refusedValues [ "sweep" ] "--losses" [ "softmax,svm"; "" ]
          refusedValues [ "sweep"; "--loss"; "hinge" ] "--losses" [ "softmax,hinge" ]
          refusedValues [ "bench" ] "--loss" [ "svm" ]
          refusedValues [ "bench" ] "--classes" [ "1" ]
          refusedValues [ "train" ] "--dtype" [ "float16" ]
          refusedValues [ "train" ] "--data-seed" [ "4294967296" ]
          refusedValues [ "train" ] "--init-seed" [ "-1" ]
          refusedValues [ "train" ] "--print-every" [ "0" ]
          refusedValues [ "data" ] "--centers" [ "1" ]
          refusedValues [ "data" ] "--samples" [ "x" ]
          refusedAs "nosuchverb" [ "nosuchverb" ]
          refusedValues [ "train" ] "--plotly-js" [ "missing.js"; "inline" ]
          refusedValues [ "landscape" ] "--plotly-js" [ "online" ]
          refusedValues [ "lr-find" ] "--plotly-js" [ "plotly.min.js" ]
          refusedValues [ "sweep" ] "--alphas" [ ""; ","; "0.1,,0.01"; "0.1,abc"; "0.1,-1"; "0.1,nan" ]
          refusedValues [ "sweep" ] "--batch-sizes" [ "16,x"; "16,0"; "16.5" ]
          refusedValues [ "sweep" ] "--momenta" [ "0,1"; "" ]
          refusedValues [ "sweep" ] "--optimizers" [ "gd,adamz"; "" ]
          // 101 × 100 configurations: more than a sweep runs without --yes.
          refusedAs "--yes" [ "sweep"; "--alphas"; String.Join(",", [ for i in 1 .. 101 -> $"0.{i}" ]); "--batch-sizes"; String.Join(",", [ 1 .. 100 ]); "--optimizers"; "sgd" ]
          refusedValues [ "sweep" ] "--shard" [ "0/3"; "4/3"; "1/0"; "two" ]
          refusedValues [ "sweep" ] "--jobs" [ "0"; "many" ]
          refusedValues [ "sweep" ] "--print-every" [ "5" ]
          refusedValues [ "sweep" ] "--threads" [ "2" ]
          refusedValues [ "sweep" ] "--save-model" [ "m.json" ]
          refusedValues [ "sweep"; "--alpha"; "0.1" ] "--alphas" [ "0.1,0.2" ]
          refusedAs "--nesterov" [ "sweep"; "--nesterov"; "--momenta"; "0,0.9" ]
          refusedValues [ "sweep" ] "--epochs" [ "0" ]
          refusedFlag [ "sweep" ] "--bogus"
          refusedValues [ "sweep" ] "--plotly-js" [ "missing.js" ]
          refusedAs "--plotly-js" [ "merge"; "."; "--plotly-js"; "web" ]
          refusedAs "nowhere" [ "merge"; "nowhere" ]
          refusedAs "sweep-part" [ "merge"; "." ]
          // Networks (issue 26): widths, layers, activation, init, and flags or verbs that cannot take them.
          refusedValues [ "train" ] "--hidden" [ "0"; "8,0"; "-4"; "x"; "8,x"; "8,,4"; ""; "8.5"; String.Join(",", Array.create 17 "2") ]
          refusedValues [ "train"; "--hidden"; "8" ] "--activation" [ "gelu"; "" ]
          refusedValues [ "train"; "--hidden"; "8" ] "--init" [ "xavier"; "zeros" ]
          refusedAs "--activation" [ "train"; "--activation"; "tanh" ]
          refusedAs "--init" [ "train"; "--init"; "he-normal" ]
          refusedAs "--hidden" [ "train"; "--hidden"; "100000,100000" ]
          refusedValues [ "landscape" ] "--hidden" [ "0"; "4,x" ]
          refusedAs "--directions" [ "landscape"; "--hidden"; "4"; "--directions"; "pca"; "--epochs"; "1" ]
          refusedValues [ "bench" ] "--hidden" [ "0"; "4,x" ]
          refusedAs "--activation" [ "bench"; "--activation"; "tanh" ]
          refusedValues [ "sweep" ] "--init-seeds" [ "5-2"; "x"; "0-"; "1,,2"; "-1"; "4294967296"; "0-20000000" ]
          refusedAs "--init-seeds" [ "sweep"; "--init-seed"; "1"; "--init-seeds"; "0-3" ] ]

/// The checks of every case: exit code 2, the line naming the flag, a usage line, nothing written.
let private assertBadFlag run args flag = assertRefusedWithUsage "bad" run args flag |> ignore

/// Every case through the program's entry function (the executable's code path after start-up, without a process each).
[<TestCaseSource(nameof cases)>]
let ``bad input is refused with one line, exit code 2 and nothing written`` (args: string list, flag: string) =
    assertBadFlag runInProcess args flag

/// A few cases per verb through the real executable, as a user meets them.
let processCases =
    refusals
        [ refusedValues [ "train" ] "--alpha" [ "-0.1" ]
          refusedFlag [ "train" ] "--bogus"
          refusedValues [ "data" ] "--centers" [ "1" ]
          refusedValues [ "sweep" ] "--alphas" [ "0.1,abc" ]
          refusedValues [ "sweep" ] "--shard" [ "4/3" ]
          refusedAs "nowhere" [ "merge"; "nowhere" ]
          refusedAs "nosuchverb" [ "nosuchverb" ] ]

[<TestCaseSource(nameof processCases)>]
let ``bad input is refused by the executable with one line, exit code 2 and nothing written`` (args: string list, flag: string) =
    assertBadFlag runIn args flag
