/// The optimizer family's bad input (issue 12): unknown names, hyperparameters out of range, schedule and warm-up
/// settings out of range, and flags that belong to another rule or schedule. One line naming the flag, a usage line,
/// exit code 2, nothing written; counted with the rest of the bad-input suite (assertRefused).
module Descent.Tests.OptimizerBadInputTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

let cases =
    [| // unknown names
       [ "train"; "--optimizer"; "adamx" ], "--optimizer"
       [ "train"; "--optimizer"; "lion" ], "--optimizer"
       [ "train"; "--schedule"; "cosinus" ], "--schedule"
       [ "sweep"; "--optimizers"; "gd,adamm" ], "--optimizers"
       // beta outside [0, 1)
       [ "train"; "--optimizer"; "adam"; "--beta1"; "1" ], "--beta1"
       [ "train"; "--optimizer"; "adamw"; "--beta1"; "-0.1" ], "--beta1"
       [ "train"; "--optimizer"; "nadam"; "--beta2"; "1.5" ], "--beta2"
       [ "train"; "--optimizer"; "adamax"; "--beta2"; "nan" ], "--beta2"
       // epsilon <= 0
       [ "train"; "--optimizer"; "adam"; "--eps"; "0" ], "--eps"
       [ "train"; "--optimizer"; "adagrad"; "--eps"; "-1e-10" ], "--eps"
       [ "train"; "--optimizer"; "radam"; "--eps"; "1e309" ], "--eps"
       // rho outside [0, 1)
       [ "train"; "--optimizer"; "rmsprop"; "--rho"; "1" ], "--rho"
       [ "train"; "--optimizer"; "adadelta"; "--rho"; "-0.5" ], "--rho"
       // decays < 0
       [ "train"; "--optimizer"; "adamw"; "--weight-decay"; "-0.01" ], "--weight-decay"
       [ "train"; "--optimizer"; "nadam"; "--momentum-decay"; "-1" ], "--momentum-decay"
       [ "train"; "--optimizer"; "rmsprop"; "--momentum"; "1" ], "--momentum"
       // schedules
       [ "train"; "--schedule"; "exponential"; "--gamma"; "0" ], "--gamma"
       [ "train"; "--schedule"; "exponential"; "--gamma"; "-0.5" ], "--gamma"
       [ "train"; "--schedule"; "cosine"; "--t-max"; "0" ], "--t-max"
       [ "train"; "--schedule"; "cosine"; "--eta-min"; "-0.1" ], "--eta-min"
       [ "train"; "--schedule"; "plateau"; "--plateau-factor"; "1" ], "--plateau-factor"
       [ "train"; "--schedule"; "plateau"; "--plateau-factor"; "0" ], "--plateau-factor"
       [ "train"; "--schedule"; "plateau"; "--plateau-patience"; "-1" ], "--plateau-patience"
       [ "train"; "--schedule"; "plateau"; "--threshold"; "-1e-4" ], "--threshold"
       // warm-up and clipping
       [ "train"; "--warmup"; "100" ], "--warmup"
       [ "train"; "--epochs"; "10"; "--warmup"; "12" ], "--warmup"
       [ "train"; "--warmup"; "0" ], "--warmup"
       [ "train"; "--warmup"; "5"; "--warmup-start"; "0" ], "--warmup-start"
       [ "train"; "--warmup"; "5"; "--warmup-start"; "1.5" ], "--warmup-start"
       [ "train"; "--clip-norm"; "0" ], "--clip-norm"
       [ "train"; "--clip-norm"; "-1" ], "--clip-norm"
       // a flag of another rule
       [ "train"; "--optimizer"; "sgd"; "--beta1"; "0.8" ], "--beta1"
       [ "train"; "--beta2"; "0.99" ], "--beta2"
       [ "train"; "--optimizer"; "gd"; "--eps"; "1e-8" ], "--eps"
       [ "train"; "--optimizer"; "adam"; "--rho"; "0.9" ], "--rho"
       [ "train"; "--optimizer"; "adam"; "--centered" ], "--centered"
       [ "train"; "--optimizer"; "rmsprop"; "--amsgrad" ], "--amsgrad"
       [ "train"; "--optimizer"; "adam"; "--momentum"; "0.9" ], "--momentum"
       [ "train"; "--optimizer"; "rmsprop"; "--momentum"; "0.9"; "--nesterov" ], "--nesterov"
       [ "train"; "--optimizer"; "adam"; "--weight-decay"; "0.1" ], "--weight-decay"
       [ "train"; "--optimizer"; "adamw"; "--momentum-decay"; "0.01" ], "--momentum-decay"
       [ "sweep"; "--optimizers"; "sgd,adam"; "--rho"; "0.9" ], "--rho"
       [ "sweep"; "--optimizers"; "adam,nadam"; "--momenta"; "0,0.9" ], "--momenta"
       // a flag of another schedule
       [ "train"; "--gamma"; "0.9" ], "--gamma"
       [ "train"; "--schedule"; "step"; "--eta-min"; "0.1" ], "--eta-min"
       [ "train"; "--schedule"; "cosine"; "--plateau-factor"; "0.5" ], "--plateau-factor"
       [ "train"; "--schedule"; "plateau"; "--t-max"; "10" ], "--t-max"
       [ "train"; "--schedule"; "exponential"; "--threshold"; "0.01" ], "--threshold"
       [ "train"; "--schedule"; "cosine"; "--decay"; "0.5" ], "--decay"
       [ "train"; "--warmup-start"; "0.5" ], "--warmup-start"
       [ "bench"; "--optimizer"; "lion" ], "--optimizer" |]
    |> commandLineCases

/// The checks of every case: exit code 2, the first line naming the flag, a usage line, nothing written.
let private assertBadFlag run args (flag: string) =
    let lines = BadFlag.assertRefusedWithUsage "bad-optimizer" run args flag
    Assert.That(lines.[0], Does.StartWith("descent: " + flag), "the first line names the flag")

/// Every case through the program's entry function (the executable's code path after start-up).
[<TestCaseSource(nameof cases)>]
let ``bad optimizer input is refused with one line, exit code 2 and nothing written`` (args: string list, flag: string) =
    assertBadFlag runInProcess args flag

/// A few through the real executable, as a user meets them.
let processCases =
    [| [ "train"; "--optimizer"; "sgd"; "--beta1"; "0.8" ], "--beta1"
       [ "train"; "--schedule"; "plateau"; "--plateau-factor"; "1" ], "--plateau-factor"
       [ "sweep"; "--optimizers"; "sgd,adam"; "--rho"; "0.9" ], "--rho" |]
    |> commandLineCases

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
