/// The flags only `descent sweep` has: the grid's lists, jobs and shards. Everything else (data, model, optimizer,
/// outputs) is `descent train`'s union, parsed from what this one does not recognise.
module Descent.Cli.SweepArgs

open System
open System.Globalization
open System.Text.RegularExpressions
open Argu
open Descent
open Descent.Cli.CliErrors

/// More configurations than this need --yes.
[<Literal>]
let LargeGrid = 10000L

type SweepArgs =
    | [<Unique>] Alphas of list: string
    | [<Unique>] Batch_Sizes of list: string
    | [<Unique>] Momenta of list: string
    | [<Unique>] Optimizers of list: string
    | [<Unique>] Losses of list: string
    | [<Unique>] Init_Seeds of list: string
    | [<Unique>] Jobs of int
    | [<Unique>] Shard of slice: string
    | Resume
    | Yes

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Alphas _ -> "comma-separated learning rates, each > 0, e.g. 0.1,0.01,0.001 (default: --alpha's value)."
            | Batch_Sizes _ -> "comma-separated mini-batch sizes for sgd, each >= 1, e.g. 16,32,64 (default: --batch-size's value)."
            | Momenta _ -> "comma-separated momenta, each in [0, 1), e.g. 0,0.9 (default: --momentum's value)."
            | Optimizers _ -> $"comma-separated optimizers from {Names.listed Names.optimizers}; gd runs once whatever the batch sizes (default: --optimizer's value)."
            | Losses _ -> $"comma-separated losses from {Names.listed Names.losses}, e.g. logloss,softmax,hinge (default: --loss's value)."
            | Init_Seeds _ -> "initial-weight seeds: a comma-separated list of seeds and ranges A-B (both included), e.g. 0-999 or 0,5,10-19; each configuration runs once per seed (default: --init-seed's value)."
            | Jobs _ -> $"configurations trained at once, one thread each; results do not depend on it (default: all cores, {Environment.ProcessorCount})."
            | Shard _ -> "i/n: run only the i-th of n fixed slices of the grid (1 <= i <= n) and write sweep-part-i-of-n.json for descent merge (default: the whole grid)."
            | Resume -> "continue the sweep (or shard) whose journal is in --out: skip the configurations it holds, run the rest, write what a whole run writes; with no journal there, run everything (default: off, and a journal of this sweep in --out is refused)."
            | Yes -> $"run grids of more than {LargeGrid} configurations (default: refuse them)."

let private items (flag: string) (example: string) (text: string) : string list =
    let parts = text.Split(',') |> Array.map _.Trim() |> List.ofArray
    if parts |> List.forall ((=) "") then
        raise (FlagError $"{flag} needs a comma-separated list, e.g. {flag} {example} (got '{text}')")
    if parts |> List.exists ((=) "") then
        raise (FlagError $"{flag} has an empty item in '{text}'; give a comma-separated list, e.g. {flag} {example}")
    parts

let private number (flag: string) (example: string) (s: string) : float =
    match Double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture) with
    | true, v when Double.IsFinite v -> v
    | _ -> raise (FlagError $"{flag}: '{s}' is not a finite number (e.g. {flag} {example})")

/// --alphas: learning rates, each finite and > 0.
let alphas (text: string) : float list =
    items "--alphas" "0.1,0.01,0.001" text
    |> List.map (fun s ->
        let v = number "--alphas" "0.1,0.01,0.001" s
        if v <= 0.0 then raise (FlagError $"--alphas: every learning rate must be > 0 (got {s})")
        v)

/// --batch-sizes: integers >= 1.
let batchSizes (text: string) : int list =
    items "--batch-sizes" "16,32,64" text
    |> List.map (fun s ->
        match Int32.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture) with
        | true, v when v >= 1 -> v
        | _ -> raise (FlagError $"--batch-sizes: every batch size must be an integer >= 1 (got '{s}')"))

/// --momenta: each in [0, 1).
let momenta (text: string) : float list =
    items "--momenta" "0,0.9" text
    |> List.map (fun s ->
        let v = number "--momenta" "0,0.9" s
        if v < 0.0 || v >= 1.0 then raise (FlagError $"--momenta: every momentum must be in [0, 1) (got {s})")
        v)

/// --optimizers: names from FlagValues.optimizers.
let optimizers (text: string) : Optimizer list =
    items "--optimizers" "gd,sgd" text |> List.map (FlagValues.parse "--optimizers" Names.optimizers)

/// --losses: names from Names.losses.
let losses (text: string) : Core.LossKind list =
    items "--losses" "logloss,softmax,hinge" text |> List.map (FlagValues.parse "--losses" Names.losses)

/// --init-seeds: seeds and ranges A-B (A <= B, both included), each in 0..4294967295.
let initSeeds (text: string) : int64 list =
    let example = "0-999"
    items "--init-seeds" example text
    |> List.collect (fun s ->
        let seed (t: string) =
            match Int64.TryParse(t.Trim(), NumberStyles.None, CultureInfo.InvariantCulture) with
            | true, v when v <= int64 UInt32.MaxValue -> v
            | _ -> raise (FlagError $"--init-seeds: every seed must be an integer between 0 and 4294967295, or a range A-B such as {example} (got '{s}')")
        match s.Split('-') with
        | [| one |] -> [ seed one ]
        | [| a; b |] ->
            let a, b = seed a, seed b
            if a > b then raise (FlagError $"--init-seeds: a range A-B needs A <= B (got '{s}')")
            if b - a >= 10_000_000L then raise (FlagError $"--init-seeds: a range holds at most 10000000 seeds (got '{s}')")
            [ a .. b ]
        | _ -> raise (FlagError $"--init-seeds: every seed must be an integer between 0 and 4294967295, or a range A-B such as {example} (got '{s}')"))

/// --shard i/n with 1 <= i <= n.
let shard (text: string) : int * int =
    let m = Regex.Match(text, @"^\s*(\d{1,9})\s*/\s*(\d{1,9})\s*$")
    let i, n = if m.Success then int m.Groups.[1].Value, int m.Groups.[2].Value else 0, 0
    if not m.Success || n < 1 || i < 1 || i > n then
        raise (FlagError $"--shard must be i/n with 1 <= i <= n, e.g. --shard 2/3 (got '{text}')")
    i, n
