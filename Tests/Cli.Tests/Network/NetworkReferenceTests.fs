/// Networks with hidden layers against torch 1.13 (Tests/Fixtures/mlp_*.json, made by make_torch_mlp_fixtures.py):
/// initial weights, every epoch's loss and rate, and the final weights within 1e-9 relative (float32: 1e-4; values
/// near zero against 1e-3, as the core's NetworkReferenceTests), through the F# API and through `descent train --json`.
/// Each fixture's settings are read and turned into an Experiment (the API's builders) and into flags.
module Descent.Tests.NetworkReferenceTests

open System.Text.Json
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let fixtures =
    [ "mlp_moons_h8_tanh_logloss_sgd_b16_init0"
      "mlp_xor_h4_sigmoid_sse_gd_init1"
      "mlp_blobs_c3_h16_8_relu_softmax_adam_b32_init0"
      "mlp_moons_h8_relu_logloss_sgd_m0.9_warmupcos_b32_init0"
      "mlp_blobs_c3_h16_tanh_softmax_rmsprop_b32_init0"
      "mlp_blobs_c3_h16_8_relu_hinge_adagrad_b32_init3"
      "mlp_moons_h8_tanh_hinge_sgd_b32_l2_0.01_init0"
      "mlp_moons_h6_4_sigmoid_sse_adam_b16_init2"
      "mlp_moons_h8_relu_logloss_adam_b32_l1_0.3_init0"
      "mlp_xor_h4_tanh_logloss_adamw_wd0.05_b32_init1"
      "mlp_blobs_c3_h16_8_relu_softmax_adam_b32_init0_float32" ]
    |> List.map (fun name -> name + ".json")

let private tryProp (name: string) (e: JsonElement) =
    match e.TryGetProperty name with
    | true, v when v.ValueKind <> JsonValueKind.Null -> Some v
    | _ -> None

/// The flags a user types for the fixture's run.
let argsOf (f: JsonElement) : string list =
    let text (name: string) = (prop name f).ToString()
    let data =
        match tryProp "csv" f, tryProp "blobs" f with
        | Some csv, _ -> [ "--data"; path (csv.GetString() |> nonNull); "--label"; "label"; "--scale"; "none" ]
        | None, Some b ->
            [ "--samples"; (prop "samples" b).ToString(); "--features"; (prop "features" b).ToString()
              "--centers"; (prop "centers" b).ToString(); "--cluster-std"; (prop "std" b).GetDouble().ToString("R")
              "--data-seed"; (prop "seed" b).ToString() ]
        | None, None -> failwith "fixture without data"
    let optimizer =
        match (prop "optimizer" f).GetString(), tryProp "batch_size" f with
        | "sgd", None -> [ "--optimizer"; "gd" ]
        | name, batch -> [ "--optimizer"; nonNull name ] @ (batch |> Option.map (fun b -> [ "--batch-size"; b.ToString() ]) |> Option.defaultValue [])
    let optional (name: string) (flag: string) = tryProp name f |> Option.map (fun v -> [ flag; v.GetDouble().ToString("R") ]) |> Option.defaultValue []
    let schedule =
        match tryProp "schedule" f with
        | Some s ->
            [ "--warmup"; (prop "warmup" s).ToString(); "--warmup-start"; (prop "start_factor" s).GetDouble().ToString("R")
              "--schedule"; "cosine"; "--t-max"; (prop "t_max" s).ToString() ]
        | None -> []
    [ "train"; "--json"; "--no-plots"; "--threads"; "1" ]
    @ data
    @ [ "--hidden"; [ for w in (prop "hidden" f).EnumerateArray() -> w.ToString() ] |> String.concat ","
        "--activation"; text "activation"; "--loss"; text "loss"; "--alpha"; (prop "alpha" f).GetDouble().ToString("R")
        "--init-seed"; text "init_seed"; "--epochs"; text "epochs" ]
    @ optimizer
    @ optional "momentum" "--momentum" @ optional "weight_decay" "--weight-decay" @ optional "l1" "--l1" @ optional "l2" "--l2"
    @ schedule
    @ (match tryProp "dtype" f with Some d -> [ "--dtype"; nonNull (d.GetString()) ] | None -> [])

/// The fixture's run built with the F# API.
let experimentOf (f: JsonElement) : Experiment =
    let data =
        match tryProp "csv" f, tryProp "blobs" f with
        | Some csv, _ -> Table { Experiment.tableFile (path (csv.GetString() |> nonNull)) with Label = Some "label" }
        | None, Some b ->
            Blobs
                { Samples = (prop "samples" b).GetInt32()
                  Features = (prop "features" b).GetInt32()
                  Centers = (prop "centers" b).GetInt32()
                  ClusterStd = (prop "std" b).GetDouble()
                  Seed = (prop "seed" b).GetInt64() }
        | None, None -> failwith "fixture without data"
    let batch () = (prop "batch_size" f).GetInt32()
    let e =
        Experiment.lesson
        |> Experiment.withData data
        |> Experiment.withScale NoScaling
        |> Experiment.withHidden [ for w in (prop "hidden" f).EnumerateArray() -> w.GetInt32() ]
        |> Experiment.withActivation (Names.tryParse Names.activations ((prop "activation" f).GetString() |> nonNull)).Value
        |> Experiment.withLoss (Names.tryParse Names.losses ((prop "loss" f).GetString() |> nonNull)).Value
        |> Experiment.withAlpha ((prop "alpha" f).GetDouble())
        |> Experiment.withInitSeed ((prop "init_seed" f).GetInt64())
        |> Experiment.withEpochs ((prop "epochs" f).GetInt32())
    let e =
        match (prop "optimizer" f).GetString(), tryProp "batch_size" f with
        | "sgd", None -> Experiment.gd e
        | "sgd", Some _ -> Experiment.sgd (batch ()) e
        | "adam", _ -> Experiment.adam (batch ()) e
        | "adamw", _ -> Experiment.adamw (batch ()) e
        | "adagrad", _ -> Experiment.adagrad (batch ()) e
        | "rmsprop", _ -> Experiment.rmsprop (batch ()) e
        | other, _ -> failwith $"optimizer {other}"
    let e = match tryProp "momentum" f with Some m -> Experiment.withMomentum (m.GetDouble()) e | None -> e
    let e = match tryProp "weight_decay" f with Some d -> Experiment.withWeightDecay (d.GetDouble()) e | None -> e
    let e = match tryProp "l1" f with Some l -> Experiment.withL1 (l.GetDouble()) e | None -> e
    let e = match tryProp "l2" f with Some l -> Experiment.withL2 (l.GetDouble()) e | None -> e
    let e =
        match tryProp "schedule" f with
        | Some s ->
            e
            |> Experiment.withWarmup ((prop "warmup" s).GetInt32()) ((prop "start_factor" s).GetDouble())
            |> Experiment.withSchedule (Cosine(Some((prop "t_max" s).GetInt32()), 0.0))
        | None -> e
    match tryProp "dtype" f with
    | Some _ -> Experiment.withPrecision Float32 e
    | None -> e

let private isFloat32 (f: JsonElement) = (tryProp "dtype" f).IsSome

/// |a − b| <= rel · max(|a|, 1e-3) element by element (the core's NetworkReferenceTests' rule).
let private close (rel: float) (what: string) (expected: float[]) (actual: float[]) =
    Assert.That(actual.Length, Is.EqualTo expected.Length, $"{what}: length")
    for i in 0 .. expected.Length - 1 do
        Assert.That(actual.[i], Is.EqualTo(expected.[i]).Within(rel * max (abs expected.[i]) 1e-3), $"{what} {i}")

/// The initial weights as the run trains them: float32's from the float64 draws, rounded (as the reference rounds W0).
let private asTrained (f: JsonElement) (w: float[]) = if isFloat32 f then w |> Array.map (float32 >> float) else w

/// A list of layer matrices (nested lists) flattened layer by layer, each row-major.
let flatLayers (e: JsonElement) = [| for m in e.EnumerateArray() do for r in m.EnumerateArray() do yield! doubles r |]

[<TestCaseSource(nameof fixtures)>]
let ``the F# API reproduces torch's network run`` (name: string) =
    let f = load name
    let r = Run.experiment (experimentOf f)
    let o = r.Outcome
    let rel = if isFloat32 f then 1e-4 else 1e-9
    Assert.That(o.Sizes.Length, Is.GreaterThan 2, "trained as a network")
    Assert.That(asTrained f o.InitialWeights, Is.EqualTo(flatLayers (prop "initial_weights" f)), "initial weights (the same draws)")
    close rel "loss of epoch" (doubles (prop "losses" f)) o.History.Losses
    close 1e-15 "rate of epoch" (doubles (prop "rates" f)) o.History.Rates
    close (if isFloat32 f then 2e-4 else 1e-9) "weight" (flatLayers (prop "weights" f)) o.Weights
    Assert.That(r.Report.Accuracy, Is.EqualTo((prop "accuracy" f).GetDouble()), "test accuracy")
    match tryProp "zero_weights" f with
    | Some z -> Assert.That(o.ZeroWeights, Is.EqualTo(z.GetInt32()), "non-bias weights at exactly zero")
    | None -> ()

[<TestCaseSource(nameof fixtures)>]
let ``descent train --json reproduces torch's network run`` (name: string) =
    let f = load name
    let o = run (argsOf f)
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    let rel = if isFloat32 f then 1e-4 else 1e-9
    let layers = prop "weights" j
    Assert.That(layers.GetArrayLength(), Is.EqualTo((prop "hidden" f).GetArrayLength() + 1), "one matrix per layer")
    // Each matrix is (n_{l-1} + 1) × n_l, the bias row last: the same nesting as the reference's.
    for (m, expected) in Seq.zip (layers.EnumerateArray()) ((prop "weights" f).EnumerateArray()) do
        Assert.That(m.GetArrayLength(), Is.EqualTo(expected.GetArrayLength()), "rows of a layer")
        Assert.That(m.[0].GetArrayLength(), Is.EqualTo(expected.[0].GetArrayLength()), "columns of a layer")
    Assert.That(asTrained f (flatLayers (prop "initialWeights" j)), Is.EqualTo(flatLayers (prop "initial_weights" f)), "initial weights")
    close rel "loss of epoch" (doubles (prop "losses" f)) (doubles (prop "losses" j))
    close 1e-15 "rate of epoch" (doubles (prop "rates" f)) [| for h in (prop "history" j).EnumerateArray() -> (prop "rate" h).GetDouble() |]
    close (if isFloat32 f then 2e-4 else 1e-9) "weight" (flatLayers (prop "weights" f)) (flatLayers layers)
    Assert.That((prop "accuracy" j).GetDouble(), Is.EqualTo((prop "accuracy" f).GetDouble()), "test accuracy")
    Assert.That((prop "activation" (prop "settings" j)).GetString(), Is.EqualTo((prop "activation" f).GetString()))

/// The xor fixtures' table is --dataset xor (samples 200, noise 0.05, seed 1; XorTests): generated instead of read,
/// the run is torch's all the same.
[<TestCase("mlp_xor_h4_sigmoid_sse_gd_init1.json")>]
[<TestCase("mlp_xor_h4_tanh_logloss_adamw_wd0.05_b32_init1.json")>]
let ``descent train --dataset xor reproduces torch's xor network runs`` (name: string) =
    let f = load name
    Assert.That((prop "csv" f).GetString(), Is.EqualTo "xor_200_n0.05_seed1.csv")
    let table = [ "--data"; path "xor_200_n0.05_seed1.csv"; "--label"; "label"; "--scale"; "none" ]
    let args = argsOf f
    let at = args |> List.findIndex ((=) "--data")
    let generated = args.[.. at - 1] @ [ "--dataset"; "xor"; "--samples"; "200"; "--noise"; "0.05"; "--data-seed"; "1" ] @ args.[at + table.Length ..]
    Assert.That(args.[at .. at + table.Length - 1], Is.EqualTo table)
    let o = run generated
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    Assert.That((prop "dataset" (prop "data" (prop "settings" j))).GetString(), Is.EqualTo "xor")
    Assert.That(flatLayers (prop "initialWeights" j), Is.EqualTo(flatLayers (prop "initial_weights" f)), "initial weights")
    close 1e-9 "loss of epoch" (doubles (prop "losses" f)) (doubles (prop "losses" j))
    close 1e-9 "weight" (flatLayers (prop "weights" f)) (flatLayers (prop "weights" j))
    Assert.That((prop "accuracy" j).GetDouble(), Is.EqualTo((prop "accuracy" f).GetDouble()), "test accuracy")
