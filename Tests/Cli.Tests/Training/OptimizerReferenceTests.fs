/// The optimizer family against torch 1.13 (Tests/Fixtures, made by make_torch_fixtures.py): losses, rates and final
/// weights within 1e-9 relative, through the F# API and through `descent train --json`. Each fixture's own settings
/// are read and turned into an Experiment (with the API's builders) and into flags (as a user types them).
module Descent.Tests.OptimizerReferenceTests

open System.Text.Json
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

/// Every torch fixture of the optimizer family and the schedules.
let fixtures =
    [ "adam_b32"
      "adam_amsgrad_gd_a0.3"
      "adamw_b32_wd0.01_logloss"
      "rmsprop_b32"
      "adagrad_gd_a0.5"
      "nadam_b32"
      "adadelta_b32"
      "sgd_gd_cosine"
      "adam_b32_plateau_std4"
      "radam_b32"
      "adamax_b32"
      "rmsprop_centered_m0.9_b32_a0.001"
      "adam_b32_a0.05_clip1"
      "adam_b32_a0.05_warmup5_cosine"
      "sgd_gd_exponential0.97"
      "adam_b32_l2_0.01_logloss"
      "adamw_amsgrad_b32_wd0.01_logloss"
      // SGD's momentum buffer under rates that change between steps: torch's form, not Keras's.
      "sgd_b32_m0.9_warmup5_cosine55"
      "sgd_b32_nesterov0.9_exponential0.95"
      "sgd_b32_m0.9_plateau_std4" ]
    |> List.map (fun name -> name + "_init0.json")

let private tryProp (name: string) (e: JsonElement) =
    match e.TryGetProperty name with
    | true, v when v.ValueKind <> JsonValueKind.Null -> Some v
    | _ -> None

/// A batch far above the 500 training rows: one step per epoch over the whole set, as the "gd" fixtures step.
let private wholeSet = 100000

/// The fixture's settings through the F# API.
let experimentOf (f: JsonElement) : Experiment =
    let batch = tryProp "batch_size" f |> Option.map _.GetInt32()
    let rule =
        match (prop "optimizer" f).GetString(), batch with
        | "sgd", None -> Experiment.gd
        | "sgd", Some b -> Experiment.sgd b
        | "adam", b -> Experiment.adam (defaultArg b wholeSet)
        | "adamw", b -> Experiment.adamw (defaultArg b wholeSet)
        | "nadam", b -> Experiment.nadam (defaultArg b wholeSet)
        | "radam", b -> Experiment.radam (defaultArg b wholeSet)
        | "adamax", b -> Experiment.adamax (defaultArg b wholeSet)
        | "adagrad", b -> Experiment.adagrad (defaultArg b wholeSet)
        | "adadelta", b -> Experiment.adadelta (defaultArg b wholeSet)
        | "rmsprop", b -> Experiment.rmsprop (defaultArg b wholeSet)
        | other, _ -> failwith $"no rule {other}"
    let options =
        [ tryProp "amsgrad" f |> Option.filter _.GetBoolean() |> Option.map (fun _ -> Experiment.withAmsgrad)
          tryProp "centered" f |> Option.filter _.GetBoolean() |> Option.map (fun _ -> Experiment.withCentered)
          tryProp "momentum" f
          |> Option.map (fun v ->
              if tryProp "nesterov" f |> Option.exists _.GetBoolean() then Experiment.withNesterov (v.GetDouble())
              else Experiment.withMomentum (v.GetDouble()))
          tryProp "weight_decay" f |> Option.map (fun v -> Experiment.withWeightDecay (v.GetDouble()))
          tryProp "l2" f |> Option.map (fun v -> Experiment.withL2 (v.GetDouble()))
          tryProp "clip_grad_norm" f |> Option.map (fun v -> Experiment.withClipNorm (v.GetDouble()))
          tryProp "cluster_std" f |> Option.map (fun v -> fun e -> { e with Data = Blobs { Experiment.lessonBlobs with ClusterStd = v.GetDouble() } })
          tryProp "schedule" f
          |> Option.map (fun s ->
              let num (name: string) = (prop name s).GetDouble()
              match (prop "kind" s).GetString() with
              | "cosine" -> Experiment.withSchedule (Schedule.cosine (int (num "t_max")))
              | "exponential" -> Experiment.withSchedule (Schedule.exponential (num "gamma"))
              | "plateau" -> Experiment.withSchedule (Schedule.plateau (num "factor") (int (num "patience")))
              | "warmup_cosine" ->
                  Experiment.withSchedule (Schedule.cosine (int (num "t_max"))) >> Experiment.withWarmup (int (num "warmup")) (num "start_factor")
              | other -> failwith $"no schedule {other}") ]
        |> List.choose id
    Experiment.lesson
    |> rule
    |> Experiment.withAlpha ((prop "alpha" f).GetDouble())
    |> Experiment.withEpochs ((prop "epochs" f).GetInt32())
    |> Experiment.withInitSeed ((prop "init_seed" f).GetInt64())
    |> Experiment.withLoss (match (prop "loss" f).GetString() with "sse" -> Core.LossKind.SquaredError | _ -> Core.LossKind.LogLoss)
    |> fun e -> List.fold (fun acc change -> change acc) e options

/// The fixture's settings as `descent train` flags.
let flagsOf (f: JsonElement) : string list =
    let text (v: JsonElement) = v.GetRawText()
    let batch = tryProp "batch_size" f
    let rule =
        match (prop "optimizer" f).GetString(), batch with
        | "sgd", None -> [ "--optimizer"; "gd" ]
        | "sgd", Some b -> [ "--optimizer"; "sgd"; "--batch-size"; text b ]
        | name, Some b -> [ "--optimizer"; name; "--batch-size"; text b ]
        | name, None -> [ "--optimizer"; name; "--batch-size"; string wholeSet ]
    let flag (key: string) (flag: string) = tryProp key f |> Option.map (fun v -> [ flag; text v ]) |> Option.defaultValue []
    let switch (key: string) (flag: string) = if tryProp key f |> Option.exists _.GetBoolean() then [ flag ] else []
    let schedule =
        match tryProp "schedule" f with
        | None -> []
        | Some s ->
            let v (name: string) = text (prop name s)
            match (prop "kind" s).GetString() with
            | "cosine" -> [ "--schedule"; "cosine"; "--t-max"; v "t_max" ]
            | "exponential" -> [ "--schedule"; "exponential"; "--gamma"; v "gamma" ]
            | "plateau" -> [ "--schedule"; "plateau"; "--plateau-factor"; v "factor"; "--plateau-patience"; v "patience" ]
            | "warmup_cosine" -> [ "--schedule"; "cosine"; "--t-max"; v "t_max"; "--warmup"; v "warmup"; "--warmup-start"; v "start_factor" ]
            | other -> failwith $"no schedule {other}"
    [ "train"; "--json"; "--no-plots" ]
    @ rule
    @ [ "--alpha"; text (prop "alpha" f); "--epochs"; text (prop "epochs" f); "--init-seed"; text (prop "init_seed" f); "--loss"; (prop "loss" f).GetString() ]
    @ switch "amsgrad" "--amsgrad"
    @ switch "centered" "--centered"
    @ flag "momentum" "--momentum"
    @ switch "nesterov" "--nesterov"
    @ flag "weight_decay" "--weight-decay"
    @ flag "l2" "--l2"
    @ flag "clip_grad_norm" "--clip-norm"
    @ flag "cluster_std" "--cluster-std"
    @ schedule

let private cases = fixtures |> List.map (fun name -> TestCaseData(name).SetArgDisplayNames name) |> Array.ofList

[<TestCaseSource(nameof cases)>]
let ``the F# API reproduces torch within 1e-9`` (name: string) =
    let f = load name
    let r = Run.experiment (experimentOf f)
    Assert.That(r.Outcome.InitialWeights, Is.EqualTo(doubles (prop "initial_weights" f)), "initial weights")
    assertClose 1e-9 (doubles (prop "losses" f)) r.Outcome.History.Losses
    assertClose 1e-9 (doubles (prop "rates" f)) r.Outcome.History.Rates
    assertClose 1e-9 (doubles (prop "weights" f)) r.Outcome.Weights
    Assert.That(r.Report.Accuracy, Is.EqualTo((prop "accuracy" f).GetDouble()), "accuracy")

[<TestCaseSource(nameof cases)>]
let ``descent train --json reproduces torch within 1e-9`` (name: string) =
    let f = load name
    let o = runIn (freshFolder "torch") (flagsOf f)
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let history = [| for h in (prop "history" j).EnumerateArray() -> h |]
    assertClose 1e-9 (doubles (prop "losses" f)) (doubles (prop "losses" j))
    assertClose 1e-9 (doubles (prop "rates" f)) (history |> Array.map (fun h -> (prop "rate" h).GetDouble()))
    assertClose 1e-9 (doubles (prop "weights" f)) (doubles (prop "weights" j))
    Assert.That((prop "accuracy" j).GetDouble(), Is.EqualTo((prop "accuracy" f).GetDouble()), "accuracy")
