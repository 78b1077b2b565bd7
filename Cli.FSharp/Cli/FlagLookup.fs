/// The flags of a parsed command line, found by their union case's tag instead of Argu's quotations: Argu's
/// Contains / GetResult / TryGetResult build and resolve a quotation at every call, which costs a run of `train` (some
/// 85 queries) a noticeable share of its start-up. Same answers: the last occurrence wins, as in GetResult.
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
