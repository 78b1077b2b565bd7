/// The flags of a parsed command line, found by their union case's tag instead of Argu's quotations.
///
/// Argu's ParseResults.Contains / GetResult / TryGetResult take the union case as an F# quotation, which the caller
/// builds afresh at every call (deserialized, its types and methods resolved by name, FSharp.Core maps and sorts
/// along the way): about 1.3 ms a query on this machine even once compiled, and `descent train` asks ~85 of them —
/// 0.12–0.16 s of its start-up (TrainArgs.experiment alone 119–155 ms, 78–91 ms a second time; measured in one
/// process with a Stopwatch, `train --data TABLE.parquet --loss logloss --epochs 10 --no-plots --json`). Here the
/// case is applied to a default field value once per query to learn its tag, and the parsed flags (GetAllResults, in
/// command-line order) are searched for that tag: the same answers — the last occurrence wins, as in GetResult —
/// at the cost of a list walk.
[<AutoOpen>]
module Descent.Cli.FlagLookup

open Argu
open Microsoft.FSharp.Reflection

/// A union's tag reader and its cases' field readers, built once per flags union.
type private Cases<'T>() =
    static let tagOf = FSharpValue.PreComputeUnionTagReader(typeof<'T>, true)
    static let readers =
        FSharpType.GetUnionCases(typeof<'T>, true) |> Array.map (fun c -> FSharpValue.PreComputeUnionReader(c, true))

    static member Tag(flag: 'T) = tagOf (box flag)

    /// The field of a one-field case (flags unions have no case of several fields).
    static member Field(flag: 'T) : obj = (readers.[tagOf (box flag)] (box flag)).[0]

/// The last parsed flag of `tag`, if any.
let private lastOf (results: ParseResults<'T>) (tag: int) : 'T option =
    results.GetAllResults() |> List.tryFindBack (fun flag -> Cases<'T>.Tag flag = tag)

type ParseResults<'T when 'T :> IArgParserTemplate> with

    /// Whether the field-less flag `case` was given (Argu's Contains).
    member results.Has(case: 'T) : bool = (lastOf results (Cases<'T>.Tag case)).IsSome

    /// Whether the flag `case` (a case with a field) was given (Argu's Contains).
    member results.Has(case: 'F -> 'T) : bool =
        (lastOf results (Cases<'T>.Tag(case Unchecked.defaultof<'F>))).IsSome

    /// The value of the last `case` flag given (Argu's TryGetResult).
    member results.TryValue(case: 'F -> 'T) : 'F option =
        lastOf results (Cases<'T>.Tag(case Unchecked.defaultof<'F>)) |> Option.map (fun flag -> unbox<'F> (Cases<'T>.Field flag))

    /// The value of the last `case` flag given, or `defaultValue` (Argu's GetResult with a default).
    member results.Value(case: 'F -> 'T, defaultValue: 'F) : 'F =
        results.TryValue case |> Option.defaultValue defaultValue
