/// The optimizer family as a user meets it beyond the reference numbers: what the run JSON and the sweep table show
/// for each rule, the plateau schedule's monitored loss, warm-up and clipping in the history, bench over every rule.
module Descent.Tests.OptimizerOptionTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private settingsOf (args: string list) =
    let o = run ([ "train"; "--json"; "--no-plots"; "--epochs"; "3" ] @ args)
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    j, [ for p in (prop "settings" j).EnumerateObject() -> p.Name ]

/// The settings object of a gd/sgd run before the optimizer family existed (commit 7f9da5f), key for key.
let private oldKeys =
    [ "data"; "testSize"; "splitSeed"; "validationFraction"; "initSeed"; "epochs"; "alpha"; "optimizer"; "batchSize"; "shuffle"
      "momentum"; "nesterov"; "l2"; "loss"; "schedule"; "targetLoss"; "patience"; "minDelta"; "dtype"; "scale" ]

[<Test>]
let ``gd and sgd runs write the same settings keys as before the adaptive rules`` () =
    for rule in [ "gd"; "sgd" ] do
        let _, keys = settingsOf [ "--optimizer"; rule ]
        Assert.That(keys, Is.EqualTo oldKeys, rule)

[<Test>]
let ``each rule's run JSON holds only the settings that rule reads, with torch's defaults`` () =
    let j, keys = settingsOf [ "--optimizer"; "adamw" ]
    let s = prop "settings" j
    Assert.That(keys |> List.filter (fun k -> List.contains k [ "momentum"; "nesterov"; "rho"; "centered"; "momentumDecay" ]), Is.Empty)
    Assert.That((prop "beta1" s).GetDouble(), Is.EqualTo 0.9)
    Assert.That((prop "beta2" s).GetDouble(), Is.EqualTo 0.999)
    Assert.That((prop "eps" s).GetDouble(), Is.EqualTo 1e-8)
    Assert.That((prop "weightDecay" s).GetDouble(), Is.EqualTo 0.01)
    Assert.That((prop "amsgrad" s).GetBoolean(), Is.False)
    let j, _ = settingsOf [ "--optimizer"; "adagrad" ]
    Assert.That((prop "eps" (prop "settings" j)).GetDouble(), Is.EqualTo 1e-10)
    let j, keys = settingsOf [ "--optimizer"; "adadelta" ]
    Assert.That((prop "eps" (prop "settings" j)).GetDouble(), Is.EqualTo 1e-6)
    Assert.That((prop "rho" (prop "settings" j)).GetDouble(), Is.EqualTo 0.9)
    Assert.That(List.contains "beta1" keys, Is.False)
    let j, _ = settingsOf [ "--optimizer"; "rmsprop"; "--momentum"; "0.5"; "--centered" ]
    let s = prop "settings" j
    Assert.That((prop "rho" s).GetDouble(), Is.EqualTo 0.99)
    Assert.That((prop "momentum" s).GetDouble(), Is.EqualTo 0.5)
    Assert.That((prop "centered" s).GetBoolean(), Is.True)

[<Test>]
let ``the run JSON's settings read back as the experiment that made them`` () =
    for e in
        [ Experiment.lesson |> Experiment.adam 16 |> Experiment.withAmsgrad |> Experiment.withClipNorm 2.0
          Experiment.lesson |> Experiment.rmspropCentered 8 |> Experiment.withMomentum 0.3 |> Experiment.withRho 0.95
          Experiment.lesson |> Experiment.nadam 32 |> Experiment.withMomentumDecay 0.01 |> Experiment.withBetas 0.8 0.99
          Experiment.lesson |> Experiment.adamw 32 |> Experiment.withWeightDecay 0.1 |> Experiment.withSchedule (Schedule.cosine 40)
          Experiment.lesson |> Experiment.adadelta 32 |> Experiment.withEpsilon 1e-5 |> Experiment.withSchedule (Schedule.plateau 0.5 3)
          Experiment.lesson |> Experiment.sgd 32 |> Experiment.withSchedule (Schedule.exponential 0.9) |> Experiment.withWarmup 4 0.25 ] do
        let text = Json.toText (fun w -> w.WriteStartObject(); ExperimentJson.experiment w e; w.WriteEndObject())
        let back = ExperimentJson.read (parseJson text |> prop "settings")
        Assert.That(back, Is.EqualTo { e with Threads = 1 }, text)

[<Test>]
let ``the plateau schedule says which loss it watches and drops the rate on it`` () =
    let o = run [ "train"; "--no-plots"; "--optimizer"; "adam"; "--alpha"; "0.05"; "--schedule"; "plateau"; "--plateau-patience"; "2"; "--plateau-factor"; "0.5"; "--epochs"; "60" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(o.Stdout, Does.Contain "[INFO] plateau schedule on the training loss")
    let args = [ "train"; "--json"; "--no-plots"; "--optimizer"; "adam"; "--alpha"; "0.05"; "--schedule"; "plateau"; "--plateau-patience"; "2"; "--plateau-factor"; "0.5"; "--epochs"; "60"; "--validation-fraction"; "0.2" ]
    let o = run args
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    Assert.That((prop "plateauOn" (prop "settings" j)).GetString(), Is.EqualTo "validation")
    // The rate follows ReduceLROnPlateau on the validation curve, replayed here from the history's own numbers.
    let history = [| for h in (prop "history" j).EnumerateArray() -> (prop "validationLoss" h).GetDouble(), (prop "rate" h).GetDouble() |]
    let mutable rate, best, bad = 0.05, infinity, 0
    for vLoss, actual in history do
        Assert.That(actual, Is.EqualTo rate)
        if vLoss < best * (1.0 - 1e-4) then
            best <- vLoss
            bad <- 0
        else
            bad <- bad + 1
        if bad > 2 then
            rate <- rate * 0.5
            bad <- 0
    Assert.That(history |> Array.map snd |> Array.distinct |> Array.length, Is.GreaterThan 1, "the rate never dropped")

[<Test>]
let ``a warm-up runs in front of any schedule and the schedule starts from its own epoch 0`` () =
    let o = run [ "train"; "--json"; "--no-plots"; "--optimizer"; "sgd"; "--alpha"; "0.1"; "--epochs"; "12"; "--warmup"; "4"; "--warmup-start"; "0.25"; "--schedule"; "step"; "--decay"; "0.5"; "--step-every"; "3" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let rates = [| for h in (prop "history" (parseJson o.Stdout)).EnumerateArray() -> (prop "rate" h).GetDouble() |]
    let expected = [| 0.025; 0.04375; 0.0625; 0.08125; 0.1; 0.1; 0.1; 0.05; 0.05; 0.05; 0.025; 0.025 |]
    assertClose 1e-15 expected rates

[<Test>]
let ``clipping to a norm above every gradient changes nothing; below, it changes the path`` () =
    let e = Experiment.lesson |> Experiment.adam 32 |> Experiment.withAlpha 0.05
    let plain = Run.experiment e
    let loose = Run.experiment (e |> Experiment.withClipNorm 1e300)
    Assert.That(loose.Outcome.Weights, Is.EqualTo plain.Outcome.Weights)
    let tight = Run.experiment (e |> Experiment.withClipNorm 0.01)
    Assert.That(tight.Outcome.Weights, Is.Not.EqualTo plain.Outcome.Weights)

[<Test>]
let ``a sweep over every rule shows only the settings each row reads`` () =
    let dir = freshFolder "sweep-rules"
    let names = Names.optimizers |> List.map fst
    let o = runIn dir [ "sweep"; "--optimizers"; String.concat "," names; "--epochs"; "3"; "--no-plots"; "--jobs"; "1" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let lines = File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv"))
    let header = lines.[0].Split ','
    let rows = lines |> Array.skip 1 |> Array.map (fun l -> l.Split ',')
    Assert.That(rows.Length, Is.EqualTo names.Length)
    let cell (row: string[]) (column: string) = row.[Array.findIndex ((=) column) header]
    let row name = rows |> Array.find (fun r -> cell r "optimizer" = name)
    Assert.That(cell (row "gd") "eps", Is.EqualTo "")
    Assert.That(cell (row "sgd") "rho", Is.EqualTo "")
    Assert.That(cell (row "adagrad") "eps", Is.EqualTo "1E-10")
    Assert.That(cell (row "adam") "eps", Is.EqualTo "1E-08")
    Assert.That(cell (row "adam") "rho", Is.EqualTo "")
    Assert.That(cell (row "rmsprop") "rho", Is.EqualTo "0.99")
    Assert.That(cell (row "adadelta") "rho", Is.EqualTo "0.9")
    Assert.That(cell (row "adadelta") "eps", Is.EqualTo "1E-06")

[<Test>]
let ``a sweep over rules runs each rule once, however many momenta it is given`` () =
    let grid = Experiment.lesson |> Experiment.sgd 32 |> Grid.expand [ Grid.optimizers [ Optimizer.sgd; Optimizer.adam ]; Grid.momenta [ 0.0; 0.9 ] ]
    Assert.That(grid |> List.map _.Optimizer, Is.EqualTo [ Optimizer.sgd; Sgd { Momentum = 0.9; Nesterov = false }; Optimizer.adam ])

[<Test>]
let ``bench times every rule with no allocation per epoch`` () =
    for name in Names.optimizers |> List.map fst do
        let o = run [ "bench"; "--optimizer"; name; "--sizes"; "500x3"; "--epochs"; "2"; "--json" ]
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        let j = parseJson o.Stdout
        Assert.That((prop "optimizer" (prop "settings" j)).GetString(), Is.EqualTo name)
        let r = (prop "results" j).[0]
        Assert.That((prop "allocatedBytesPerEpoch" r).GetDouble(), Is.EqualTo 0.0, name)
        Assert.That((prop "median" (prop "epochSeconds" r)).GetDouble(), Is.GreaterThan 0.0, name)

/// The union's one table: each rule's settings read back what `trySet` writes, and a setting a rule does not read
/// cannot be set on it.
[<Test>]
let ``each rule sets exactly the settings it reads`` () =
    let ruleSettings = [ Setting.Momentum; Setting.Nesterov; Beta1; Beta2; Epsilon; Amsgrad; Rho; Centered; MomentumDecay; WeightDecay ]
    for name, rule in Names.optimizers do
        let reads = Optimizer.settings rule |> List.map fst
        for setting in ruleSettings do
            let value = match List.tryFind (fst >> (=) setting) (Optimizer.settings rule) with Some (_, OnOff _) -> OnOff true | _ -> Real 0.125
            match Optimizer.trySet setting value rule with
            | Some changed ->
                Assert.That(List.contains setting reads, $"{name} sets {setting}, which it does not list")
                Assert.That(Optimizer.settings changed |> List.find (fst >> (=) setting) |> snd, Is.EqualTo value, $"{name} {setting}")
                let others = Optimizer.settings changed |> List.filter (fst >> (<>) setting)
                Assert.That(others, Is.EqualTo(Optimizer.settings rule |> List.filter (fst >> (<>) setting)), $"{name} {setting} moved another setting")
            | None -> Assert.That(List.contains setting reads, Is.False, $"{name} lists {setting} but cannot set it")
        Assert.That(Optimizer.name rule, Is.EqualTo name)

[<Test>]
let ``the core's rule gets the settings the union carries`` () =
    let e = Experiment.lesson |> Experiment.adamw 32 |> Experiment.withBetas 0.8 0.95 |> Experiment.withEpsilon 1e-6 |> Experiment.withWeightDecay 0.2 |> Experiment.withAmsgrad
    let s = ExperimentRule.settings e 3
    Assert.That((s.Kind, s.Beta1, s.Beta2, s.Eps, s.WeightDecay, s.AmsGrad), Is.EqualTo((Core.UpdateRuleKind.AdamW, 0.8, 0.95, 1e-6, 0.2, true)))
    let n = ExperimentRule.settings (Experiment.lesson |> Experiment.sgd 32 |> Experiment.withNesterov 0.7) 3
    Assert.That((n.Kind, n.Momentum), Is.EqualTo((Core.UpdateRuleKind.Nesterov, 0.7)))
    let r = ExperimentRule.settings (Experiment.lesson |> Experiment.adadelta 32) 3
    Assert.That((r.Kind, r.Rho, r.Eps), Is.EqualTo((Core.UpdateRuleKind.Adadelta, 0.9, 1e-6)))
