/// The optimizer family's bad input (issue 12): unknown names, hyperparameters out of range, schedule and warm-up
/// settings out of range, and flags that belong to another rule or schedule. One line naming the flag, a usage line,
/// exit code 2, nothing written; counted with the rest of the bad-input suite (assertRefused).
module Descent.Tests.OptimizerBadInputTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

let cases =
    refusals
        [ // unknown names
          refusedValues [ "train" ] "--optimizer" [ "adamx"; "lion" ]
          refusedValues [ "train" ] "--schedule" [ "cosinus" ]
          refusedValues [ "sweep" ] "--optimizers" [ "gd,adamm" ]
          // beta outside [0, 1)
          refusedUnder "train" "--optimizer" "--beta1" [ "adam", "1"; "adamw", "-0.1" ]
          refusedUnder "train" "--optimizer" "--beta2" [ "nadam", "1.5"; "adamax", "nan" ]
          // epsilon <= 0
          refusedUnder "train" "--optimizer" "--eps" [ "adam", "0"; "adagrad", "-1e-10"; "radam", "1e309" ]
          // rho outside [0, 1)
          refusedUnder "train" "--optimizer" "--rho" [ "rmsprop", "1"; "adadelta", "-0.5" ]
          // decays < 0
          refusedUnder "train" "--optimizer" "--weight-decay" [ "adamw", "-0.01" ]
          refusedUnder "train" "--optimizer" "--momentum-decay" [ "nadam", "-1" ]
          refusedUnder "train" "--optimizer" "--momentum" [ "rmsprop", "1" ]
          // schedules
          refusedUnder "train" "--schedule" "--gamma" [ "exponential", "0"; "exponential", "-0.5" ]
          refusedUnder "train" "--schedule" "--t-max" [ "cosine", "0" ]
          refusedUnder "train" "--schedule" "--eta-min" [ "cosine", "-0.1" ]
          refusedUnder "train" "--schedule" "--plateau-factor" [ "plateau", "1"; "plateau", "0" ]
          refusedUnder "train" "--schedule" "--plateau-patience" [ "plateau", "-1" ]
          refusedUnder "train" "--schedule" "--threshold" [ "plateau", "-1e-4" ]
          // warm-up and clipping
          refusedValues [ "train" ] "--warmup" [ "100" ]
          refusedValues [ "train"; "--epochs"; "10" ] "--warmup" [ "12" ]
          refusedValues [ "train" ] "--warmup" [ "0" ]
          refusedValues [ "train"; "--warmup"; "5" ] "--warmup-start" [ "0"; "1.5" ]
          refusedValues [ "train" ] "--clip-norm" [ "0"; "-1" ]
          // a flag of another rule
          refusedUnder "train" "--optimizer" "--beta1" [ "sgd", "0.8" ]
          refusedValues [ "train" ] "--beta2" [ "0.99" ]
          refusedUnder "train" "--optimizer" "--eps" [ "gd", "1e-8" ]
          refusedUnder "train" "--optimizer" "--rho" [ "adam", "0.9" ]
          refusedFlag [ "train"; "--optimizer"; "adam" ] "--centered"
          refusedFlag [ "train"; "--optimizer"; "rmsprop" ] "--amsgrad"
          refusedUnder "train" "--optimizer" "--momentum" [ "adam", "0.9" ]
          refusedFlag [ "train"; "--optimizer"; "rmsprop"; "--momentum"; "0.9" ] "--nesterov"
          refusedUnder "train" "--optimizer" "--weight-decay" [ "adam", "0.1" ]
          refusedUnder "train" "--optimizer" "--momentum-decay" [ "adamw", "0.01" ]
          refusedUnder "sweep" "--optimizers" "--rho" [ "sgd,adam", "0.9" ]
          refusedUnder "sweep" "--optimizers" "--momenta" [ "adam,nadam", "0,0.9" ]
          // a flag of another schedule
          refusedValues [ "train" ] "--gamma" [ "0.9" ]
          refusedUnder "train" "--schedule" "--eta-min" [ "step", "0.1" ]
          refusedUnder "train" "--schedule" "--plateau-factor" [ "cosine", "0.5" ]
          refusedUnder "train" "--schedule" "--t-max" [ "plateau", "10" ]
          refusedUnder "train" "--schedule" "--threshold" [ "exponential", "0.01" ]
          refusedUnder "train" "--schedule" "--decay" [ "cosine", "0.5" ]
          refusedValues [ "train" ] "--warmup-start" [ "0.5" ]
          refusedValues [ "bench" ] "--optimizer" [ "lion" ] ]

/// The checks of every case: exit code 2, the first line naming the flag, a usage line, nothing written.
let private assertBadFlag run args (flag: string) =
    let o = assertRefusedWithUsage "bad-optimizer" run args flag
    Assert.That(o.Stderr, Does.StartWith("descent: " + flag), "the first line names the flag")

/// Every case through the program's entry function (the executable's code path after start-up).
[<TestCaseSource(nameof cases)>]
let ``bad optimizer input is refused with one line, exit code 2 and nothing written`` (args: string list, flag: string) =
    assertBadFlag runInProcess args flag

/// A few through the real executable, as a user meets them.
let processCases =
    refusals
        [ refusedUnder "train" "--optimizer" "--beta1" [ "sgd", "0.8" ]
          refusedUnder "train" "--schedule" "--plateau-factor" [ "plateau", "1" ]
          refusedUnder "sweep" "--optimizers" "--rho" [ "sgd,adam", "0.9" ] ]

[<TestCaseSource(nameof processCases)>]
let ``bad optimizer input is refused by the executable`` (args: string list, flag: string) = assertBadFlag runIn args flag

/// A setting for every rule that drives its weights or loss past the largest double within a few steps.
let private divergent =
    [| [ "--optimizer"; "adagrad"; "--loss"; "logloss" ]
       [ "--optimizer"; "rmsprop" ]
       [ "--optimizer"; "adam" ]
       [ "--optimizer"; "adamw" ]
       [ "--optimizer"; "nadam" ]
       [ "--optimizer"; "radam" ]
       [ "--optimizer"; "adamax" ]
       // Adadelta's step is α·√(acc + ε)/√(v + ε)·g: a huge ε makes it α·g, plain SGD at α 1e308.
       [ "--optimizer"; "adadelta"; "--eps"; "1e300"; "--loss"; "logloss" ] |]
    |> Array.map (fun args -> TestCaseData(args).SetArgDisplayNames(String.concat " " args))

[<TestCaseSource(nameof divergent)>]
let ``an adaptive rule that diverges stops with exit code 3 and one line`` (args: string list) =
    let o = run ([ "train"; "--alpha"; "1e308"; "--epochs"; "20"; "--no-plots" ] @ args)
    Assert.That(o.ExitCode, Is.EqualTo 3, o.Stderr)
    assertNoStackTrace o
    let first = o.Stderr.Replace("\r", "").Split('\n').[0]
    Assert.That(first, Does.StartWith "descent: training diverged at epoch 1")
