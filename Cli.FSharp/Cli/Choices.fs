/// Named choices on the command line (--optimizer gd|sgd, …), from Names' tables: parsed with one clear error naming
/// the allowed values.
module Descent.Cli.Choices

open Descent
open Descent.Cli.CliErrors

/// The value named `value` in one of Names' tables, or a FlagError listing the names `flag` allows.
let parse (flag: string) (choices: (string * 'a) list) (value: string) : 'a =
    match Names.tryParse choices value with
    | Some v -> v
    | None -> raise (FlagError $"{flag} must be one of {Names.listed choices} (got '{value}')")

/// "a, b or c" (`conjunction` "or"), "a and b": names in a sentence.
let sentence (conjunction: string) (names: string list) =
    match List.rev names with
    | [] -> ""
    | [ one ] -> one
    | last :: rest -> String.concat ", " (List.rev rest) + $" {conjunction} " + last

/// The value of a flag that names one of `choices`, `defaultValue` when the flag is not given; a FlagError
/// "FLAG must be A or B (got 'x')" otherwise.
let parseOr (flag: string) (choices: (string * 'a) list) (defaultValue: 'a) (value: string option) : 'a =
    match value |> Option.map (fun v -> v.Trim().ToLowerInvariant()) with
    | None -> defaultValue
    | Some key ->
        match choices |> List.tryFind (fun (name, _) -> name = key) with
        | Some (_, v) -> v
        | None -> raise (FlagError $"""{flag} must be {sentence "or" (List.map fst choices)} (got '{key}')""")

/// --plotly-js's choices by name.
let plotlySources = [ "local", PlotlyJs.Local; "cdn", PlotlyJs.Cdn ]

/// --plotly-js: local (the default: plotly.js written once beside the pages) or cdn (pages that load it from plotly's
/// CDN). A file name, which earlier versions inlined, is refused with a word on what local does instead.
let plotlyJs (flag: string) (value: string option) : PlotlyJs.Source =
    try
        parseOr flag plotlySources PlotlyJs.Local value
    with FlagError message when value.IsSome && value.Value.Trim().EndsWith(".js", System.StringComparison.OrdinalIgnoreCase) ->
        raise (FlagError $"{message}: descent carries plotly.js {PlotlyJs.Version} and writes it beside the pages (local, the default)")
