/// Checks an Experiment before anything runs or is written; a bad value is an InvalidSetting naming the setting.
module Descent.Validation

open System
open Descent.Core

let private fail setting fmt = Printf.kprintf (Fail.setting setting) fmt

let private seed setting (s: int64) =
    if s < 0L || s > int64 UInt32.MaxValue then fail setting "must be between 0 and 4294967295 (got %d)" s

let private positiveFinite setting (v: float) =
    if not (Double.IsFinite v) || v <= 0.0 then fail setting "must be a finite number > 0 (got %s)" (string v)

let private atLeast setting minimum (v: int) =
    if v < minimum then fail setting "must be an integer >= %d (got %d)" minimum v

let private noise (v: float) =
    if not (Double.IsFinite v) || v < 0.0 then fail DataNoise "must be a finite number >= 0 (got %s)" (string v)

/// A field delimiter: one character that is not a quote, a line end or a letter/digit that numbers are made of.
let delimiter (c: char) =
    if c = '"' || c = '\r' || c = '\n' || Char.IsLetterOrDigit c || c = '.' || c = '-' || c = '+' then
        fail DataDelimiter "must be one character such as , ; | or tab, not a quote, line end, digit, letter, '.', '-' or '+' (got '%c')" c

let data (d: DataSpec) =
    match d with
    | Blobs b ->
        atLeast DataCenters 2 b.Centers
        atLeast DataFeatures 1 b.Features
        if b.Samples < b.Centers then fail DataSamples "must be at least the number of centers (%d) (got %d)" b.Centers b.Samples
        if not (Double.IsFinite b.ClusterStd) || b.ClusterStd < 0.0 then fail DataClusterStd "must be a finite number >= 0 (got %s)" (string b.ClusterStd)
        seed DataSeed b.Seed
    | Moons m ->
        atLeast DataSamples 2 m.Samples
        noise m.Noise
        seed DataSeed m.Seed
    | Circles c ->
        atLeast DataSamples 2 c.Samples
        noise c.Noise
        if not (c.Factor >= 0.0 && c.Factor < 1.0) then fail DataFactor "must be in [0, 1) (got %s)" (string c.Factor)
        seed DataSeed c.Seed
    | Xor x ->
        atLeast DataSamples 2 x.Samples
        noise x.Noise
        seed DataSeed x.Seed
    | Table c ->
        if String.IsNullOrWhiteSpace c.Path then fail DataFile "needs a file name"
        delimiter c.Delimiter

let private unitInterval setting (v: float) =
    if not (v >= 0.0 && v < 1.0) then fail setting "must be in [0, 1) (got %s)" (string v)

let private nonNegativeFinite setting (v: float) =
    if not (Double.IsFinite v) || v < 0.0 then fail setting "must be a finite number >= 0 (got %s)" (string v)

/// The update rule's settings in range (the union holds only the settings its rule reads).
let optimizer (e: Experiment) =
    for setting, value in Optimizer.settings e.Optimizer do
        match setting, value with
        | (Momentum | Beta1 | Beta2 | Rho), Real v -> unitInterval setting v
        | Epsilon, Real v -> positiveFinite setting v
        | (MomentumDecay | WeightDecay), Real v -> nonNegativeFinite setting v
        | _ -> ()
    match e.Optimizer with
    | Gd { Nesterov = true; Momentum = mu }
    | Sgd { Nesterov = true; Momentum = mu } when mu = 0.0 -> fail Nesterov "needs %s in (0, 1)" Momentum.Token
    | _ -> ()
    e.ClipNorm |> Option.iter (positiveFinite ClipNorm)

/// The schedule's and the warm-up's settings.
let schedule (e: Experiment) =
    match e.Schedule with
    | Constant -> ()
    | Step (decay, every) ->
        positiveFinite ScheduleDecay decay
        atLeast ScheduleStepEvery 1 every
    | InvScaling decay -> nonNegativeFinite ScheduleDecay decay
    | Exponential gamma -> positiveFinite ScheduleGamma gamma
    | Cosine (tMax, etaMin) ->
        tMax |> Option.iter (atLeast ScheduleTMax 1)
        nonNegativeFinite ScheduleEtaMin etaMin
    | Plateau p ->
        if not (p.Factor > 0.0 && p.Factor < 1.0) then fail PlateauFactor "must be in (0, 1) (got %s)" (string p.Factor)
        if p.Patience < 0 then fail PlateauPatience "must be an integer >= 0 (got %d)" p.Patience
        nonNegativeFinite PlateauThreshold p.Threshold
    match e.Warmup with
    | None -> ()
    | Some w ->
        atLeast WarmupEpochs 1 w.Epochs
        if w.Epochs >= e.Epochs then fail WarmupEpochs "must be less than %s (%d) (got %d)" Epochs.Token e.Epochs w.Epochs
        if not (w.StartFactor > 0.0 && w.StartFactor <= 1.0) then fail WarmupStart "must be in (0, 1] (got %s)" (string w.StartFactor)
    match e.Schedule with
    | Cosine (None, _) when RateSchedule.cosinePeriod e None < 1 -> fail ScheduleTMax "must be at least 1"
    | _ -> ()

/// A network's hidden widths: each at least 1, at most Architecture.maxHiddenLayers of them.
let architecture (a: Architecture) =
    if a.Hidden.Length > Architecture.maxHiddenLayers then
        fail HiddenLayers "allows at most %d hidden layers (got %d)" Architecture.maxHiddenLayers a.Hidden.Length
    for w in a.Hidden do
        if w < 1 then fail HiddenLayers "takes widths that are integers >= 1, such as 16 or 32,16 (got %d)" w
    if not (Enum.IsDefined a.Activation) then fail ActivationChoice "must be one of %s" (Names.listed Names.activations)

let experiment (e: Experiment) =
    data e.Data
    architecture e.Architecture
    if not (e.TestSize > 0.0 && e.TestSize < 1.0) then fail TestSize "must be in (0, 1) (got %s)" (string e.TestSize)
    if not (e.ValidationFraction >= 0.0 && e.ValidationFraction < 1.0) then
        fail ValidationFraction "must be in [0, 1) (got %s)" (string e.ValidationFraction)
    seed SplitSeed e.SplitSeed
    seed InitSeed e.InitSeed
    atLeast Epochs 1 e.Epochs
    positiveFinite Alpha e.Alpha
    atLeast BatchSize 1 e.BatchSize
    optimizer e
    if not (Double.IsFinite e.L2) || e.L2 < 0.0 then fail L2 "must be a finite number >= 0 (got %s)" (string e.L2)
    if not (Double.IsFinite e.L1) || e.L1 < 0.0 then fail Setting.L1 "must be a finite number >= 0 (got %s)" (string e.L1)
    match e.ElasticNet with
    | None -> ()
    | Some n ->
        if not (Double.IsFinite n.Lambda) || n.Lambda < 0.0 then fail ElasticNet "must be a finite number >= 0 (got %s)" (string n.Lambda)
        if not (n.L1Ratio >= 0.0 && n.L1Ratio <= 1.0) then fail L1Ratio "must be in [0, 1] (got %s)" (string n.L1Ratio)
        if e.L1 > 0.0 || e.L2 > 0.0 then fail ElasticNet "replaces %s and %s: give either the elastic net or those" Setting.L1.Token L2.Token
    match e.ClassWeight with
    | Unweighted -> ()
    | _ when not (ClassWeights.applyTo e.Loss) ->
        fail ClassWeights "applies to the losses whose rows carry a weight (softmax, hinge, squared-hinge, modified-huber, perceptron), not to %s" (Names.lossName e.Loss)
    | Balanced -> ()
    | Given pairs ->
        for name, v in pairs do
            if not (Double.IsFinite v) || v <= 0.0 then fail ClassWeights "must give each class a finite weight > 0 (got %s for '%s')" (string v) name
    schedule e
    e.TargetLoss |> Option.iter (fun t -> if not (Double.IsFinite t) then fail TargetLoss "must be a finite number (got %s)" (string t))
    e.Patience |> Option.iter (atLeast Patience 1)
    if not (Double.IsFinite e.MinDelta) || e.MinDelta < 0.0 then fail MinDelta "must be a finite number >= 0 (got %s)" (string e.MinDelta)
    atLeast Threads 1 e.Threads
    if not (Enum.IsDefined e.Loss) then fail Loss "must be one of %s" (Names.listed Names.losses)
