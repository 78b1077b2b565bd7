/// A flag or command the parser does not know, named in one line with the closest ones it does know
/// ("unknown flag --epoch; did you mean --epochs?"), instead of the whole usage.
module Descent.Cli.UnknownFlags

open System
open System.Globalization
open Argu

/// The optimal-string-alignment distance: insertions, deletions, substitutions and swaps of neighbours count 1, so
/// that a letter left out, doubled, mistyped or transposed is one edit away.
let distance (a: string) (b: string) =
    let d = Array2D.zeroCreate (a.Length + 1) (b.Length + 1)
    for i in 0 .. a.Length do d.[i, 0] <- i
    for j in 0 .. b.Length do d.[0, j] <- j
    for i in 1 .. a.Length do
        for j in 1 .. b.Length do
            let cost = if a.[i - 1] = b.[j - 1] then 0 else 1
            let best = min (min (d.[i - 1, j] + 1) (d.[i, j - 1] + 1)) (d.[i - 1, j - 1] + cost)
            d.[i, j] <-
                if i > 1 && j > 1 && a.[i - 1] = b.[j - 2] && a.[i - 2] = b.[j - 1] then min best (d.[i - 2, j - 2] + 1)
                else best
    d.[a.Length, b.Length]

/// Whether the letters of `typed` appear in `name` in order, the first first (an abbreviation: mdl → model).
let private abbreviates (typed: string) (name: string) =
    typed.Length >= 3 && name.Length > 0 && typed.[0] = name.[0]
    && (typed |> Seq.fold (fun (at: int) c -> if at < 0 then at else (let i = name.IndexOf(c, at) in if i < 0 then -1 else i + 1)) 0) >= 0

/// The known names closest to `typed` (dashes and case ignored): those within an edit per three letters (one at
/// least) at the smallest distance, then those that `typed` begins (`--ep` → --eps, --epochs), then the nearest of
/// those it abbreviates (`--mdl` → --model); three at most.
let closest (known: string list) (typed: string) : string list =
    let bare (s: string) = s.TrimStart('-').ToLowerInvariant()
    let t = bare typed
    let limit = max 1 (t.Length / 3)
    let near = known |> List.map (fun k -> k, distance t (bare k)) |> List.filter (fun (_, d) -> d <= limit)
    let nearest =
        match near with
        | [] -> []
        | _ ->
            let best = near |> List.map snd |> List.min
            near |> List.filter (fun (_, d) -> d = best) |> List.map fst
    let begun = if t.Length >= 2 then known |> List.filter (fun k -> (bare k).StartsWith t) else []
    let abbreviated =
        match known |> List.filter (fun k -> abbreviates t (bare k)) with
        | [] -> []
        | names ->
            let best = names |> List.map (fun k -> distance t (bare k)) |> List.min
            names |> List.filter (fun k -> distance t (bare k) = best)
    nearest @ begun @ abbreviated |> List.distinct |> List.truncate 3

/// "; did you mean a?", "; did you mean a or b?", or nothing.
let private didYouMean (names: string list) =
    match List.rev names with
    | [] -> ""
    | [ one ] -> $"; did you mean {one}?"
    | last :: rest -> $"""; did you mean {String.concat ", " (List.rev rest)} or {last}?"""

let private isNumber (s: string) =
    fst (Double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture))

/// The flags of some parsers, each with how many values it takes, and their help flags: what `findIn` walks with.
/// Made once per parser where it is used per request (`descent serve`): Argu's reflection over the unions took
/// 6–7 ms a call, more than the lesson's whole training.
type Known = { ValueCount: Collections.Generic.IDictionary<string, int>; Help: Set<string> }

/// The flags `parsers` know.
let known (parsers: ArgumentParser list) : Known =
    let cases =
        parsers
        |> List.collect (fun p -> p.GetArgumentCases())
        |> List.filter (fun c -> not c.IsMainCommand && c.ArgumentType <> ArgumentType.SubCommand)
    { ValueCount =
        dict [ for c in cases do
                   for name in c.CommandLineNames.Value -> name, c.UnionCaseInfo.GetFields().Length ]
      Help = parsers |> List.collect (fun p -> p.HelpFlags) |> set }

/// The first argument of `args` that looks like a flag (a leading dash, not a number) and is none of the `known`
/// flags, skipping the values of the flags that take them; None when every flag is known.
let findIn (known: Known) (args: string[]) : string option =
    let rec walk i =
        if i >= args.Length then None
        else
            let a = args.[i]
            match known.ValueCount.TryGetValue a with
            | true, n -> walk (i + 1 + n)
            | _ when known.Help.Contains a -> walk (i + 1)
            | _ when a.Length > 1 && a.StartsWith "-" && not (isNumber a) -> Some a
            | _ -> walk (i + 1)
    walk 0

/// `findIn` for the flags of `parsers`.
let find (parsers: ArgumentParser list) (args: string[]) : string option = findIn (known parsers) args

/// Every flag of `parsers`, as typed, the help flags last.
let flagsOf (parsers: ArgumentParser list) : string list =
    parsers
    |> List.collect (fun p -> p.GetArgumentCases())
    |> List.filter (fun c -> not c.IsHidden.Value && not c.IsMainCommand && c.ArgumentType <> ArgumentType.SubCommand)
    |> List.collect (fun c -> c.CommandLineNames.Value)
    |> fun flags -> flags @ List.collect (fun (p: ArgumentParser) -> p.HelpFlags) parsers
    |> List.distinct

/// "unknown flag --epoch; did you mean --epochs?": the one line for an unknown flag of a verb with `parsers`.
let flagLine (parsers: ArgumentParser list) (flag: string) =
    $"unknown flag {flag}{didYouMean (closest (flagsOf parsers) flag)}"

/// "unknown command 'trian'; did you mean train?": the one line for an unknown verb, given the verbs.
let commandLine (verbs: string list) (typed: string) =
    $"unknown command '{typed}'{didYouMean (closest verbs typed)}"
