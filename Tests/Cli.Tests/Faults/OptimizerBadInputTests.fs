/// The optimizer family's bad input (issue 12): unknown names, hyperparameters out of range, schedule and warm-up
/// settings out of range, and flags that belong to another rule or schedule. One line naming the flag, a usage line,
/// exit code 2, nothing written; counted with the rest of the bad-input suite (assertRefused).
module Descent.Tests.OptimizerBadInputTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

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
          // the elastic net beside the penalties it replaces
          refusedValues [ "train"; "--l1"; "0.1" ] "--elastic-net" [ "0.1" ]
          refusedValues [ "train"; "--l2"; "0.1" ] "--elastic-net" [ "0.1" ]
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

/// Each message names the flags it refers to: no setting's blank ("{L1}") is left unfilled.
[<Test>]
let ``the elastic net beside --l1 names both penalties' flags`` () =
    let o = run [ "train"; "--elastic-net"; "0.1"; "--l1"; "0.1"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    let first = o.Stderr.Replace("\r", "").Split('\n').[0]
    Assert.That(first, Is.EqualTo "descent: --elastic-net replaces --l1 and --l2: give either the elastic net or those")

/// Every setting's token in a message is replaced: by its flag on the command line, by its description for a script.
[<Test>]
let ``every setting's blank is filled in a message`` () =
    for case in Reflection.FSharpType.GetUnionCases typeof<Setting> do
        let setting = Reflection.FSharpValue.MakeUnion(case, [||]) :?> Setting
        let problem = InvalidInput $"before {setting.Token} after"
        Assert.That(Cli.CliErrors.render problem, Is.EqualTo $"before {Cli.CliErrors.flagOf setting} after", case.Name)
        Assert.That(Problem.describe problem, Is.EqualTo $"Before {setting.Description} after", case.Name)

/// The optimizer and schedule refusals a script meets: the setting, the rules that read it and the rule it was given to.
[<Test>]
let ``the F# API refuses a setting the rule does not read, naming the rules that do`` () =
    let refused (change: unit -> Experiment) =
        try
            change () |> ignore
            None
        with DescentError p -> Some(Problem.describe p)
    Assert.That(
        refused (fun () -> Experiment.lesson |> Experiment.sgd 32 |> Experiment.withBetas 0.8 0.99),
        Is.EqualTo(Some "Beta1 applies only to the optimizer adam, adamw, nadam, radam, adamax (got sgd)"))
    Assert.That(
        refused (fun () -> Experiment.lesson |> Experiment.adam 32 |> Experiment.withMomentum 0.9),
        Is.EqualTo(Some "The momentum applies only to the optimizer gd, sgd, rmsprop (got adam)"))
    Assert.That(
        refused (fun () -> Experiment.lesson |> Experiment.withSchedule (Schedule.cosine 10 |> Schedule.set PlateauFactor (Real 0.5)) ),
        Is.EqualTo(Some "The plateau schedule's factor applies only to the schedule plateau (got cosine)"))
    Assert.That(refused (fun () -> Experiment.lesson |> Experiment.rmsprop 32 |> Experiment.withMomentum 0.5), Is.EqualTo None)
