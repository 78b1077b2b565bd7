/// Checks an Experiment before anything runs or is written; messages name the command-line flag and its range.
module Descent.Validation

open System
open Descent.Core

let private fail fmt = Printf.kprintf (FlagError >> raise) fmt

let private seed flag (s: int64) =
    if s < 0L || s > int64 UInt32.MaxValue then fail "%s must be between 0 and 4294967295 (got %d)" flag s

let private positiveFinite flag (v: float) =
    if not (Double.IsFinite v) || v <= 0.0 then fail "%s must be a finite number > 0 (got %s)" flag (string v)

let private atLeast flag minimum (v: int) =
    if v < minimum then fail "%s must be an integer >= %d (got %d)" flag minimum v

let private noise (v: float) =
    if not (Double.IsFinite v) || v < 0.0 then fail "--noise must be a finite number >= 0 (got %s)" (string v)

/// A field delimiter: one character that is not a quote, a line end or a letter/digit that numbers are made of.
let delimiter (c: char) =
    if c = '"' || c = '\r' || c = '\n' || Char.IsLetterOrDigit c || c = '.' || c = '-' || c = '+' then
        fail "--delimiter must be one character such as , ; | or tab, not a quote, line end, digit, letter, '.', '-' or '+' (got '%c')" c

let data (d: DataSpec) =
    match d with
    | Blobs b ->
        atLeast "--centers" 2 b.Centers
        atLeast "--features" 1 b.Features
        if b.Samples < b.Centers then fail "--samples must be at least the number of centers (%d) (got %d)" b.Centers b.Samples
        if not (Double.IsFinite b.ClusterStd) || b.ClusterStd < 0.0 then fail "--cluster-std must be a finite number >= 0 (got %s)" (string b.ClusterStd)
        seed "--data-seed" b.Seed
    | Moons m ->
        atLeast "--samples" 2 m.Samples
        noise m.Noise
        seed "--data-seed" m.Seed
    | Circles c ->
        atLeast "--samples" 2 c.Samples
        noise c.Noise
        if not (c.Factor >= 0.0 && c.Factor < 1.0) then fail "--factor must be in [0, 1) (got %s)" (string c.Factor)
        seed "--data-seed" c.Seed
    | Csv c ->
        if String.IsNullOrWhiteSpace c.Path then fail "--csv needs a file name"
        delimiter c.Delimiter

let experiment (e: Experiment) =
    data e.Data
    if not (e.TestSize > 0.0 && e.TestSize < 1.0) then fail "--test-size must be in (0, 1) (got %s)" (string e.TestSize)
    if not (e.ValidationFraction >= 0.0 && e.ValidationFraction < 1.0) then
        fail "--validation-fraction must be in [0, 1) (got %s)" (string e.ValidationFraction)
    seed "--split-seed" e.SplitSeed
    seed "--init-seed" e.InitSeed
    atLeast "--epochs" 1 e.Epochs
    positiveFinite "--alpha" e.Alpha
    atLeast "--batch-size" 1 e.BatchSize
    if not (e.Momentum >= 0.0 && e.Momentum < 1.0) then fail "--momentum must be in [0, 1) (got %s)" (string e.Momentum)
    if e.Nesterov && e.Momentum = 0.0 then fail "--nesterov needs --momentum in (0, 1)"
    if not (Double.IsFinite e.L2) || e.L2 < 0.0 then fail "--l2 must be a finite number >= 0 (got %s)" (string e.L2)
    match e.Schedule with
    | Constant -> ()
    | Step (decay, every) ->
        positiveFinite "--decay" decay
        atLeast "--step-every" 1 every
    | InvScaling decay ->
        if not (Double.IsFinite decay) || decay < 0.0 then fail "--decay must be a finite number >= 0 (got %s)" (string decay)
    e.TargetLoss |> Option.iter (fun t -> if not (Double.IsFinite t) then fail "--target-loss must be a finite number (got %s)" (string t))
    e.Patience |> Option.iter (atLeast "--patience" 1)
    if not (Double.IsFinite e.MinDelta) || e.MinDelta < 0.0 then fail "--min-delta must be a finite number >= 0 (got %s)" (string e.MinDelta)
    atLeast "--threads" 1 e.Threads
    if not (Enum.IsDefined e.Loss) then fail "--loss must be sse or logloss"
