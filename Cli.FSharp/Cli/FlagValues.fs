/// Flags whose value is one of a table of names (--optimizer gd|sgd|…, --loss, --schedule, …): parsed with one clear
/// error naming the allowed values, and listed for `descent completion`, which offers the same names the parser takes.
module Descent.Cli.FlagValues

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

/// The data sets `train` reads: the generators' and a table (--data/--csv).
let trainDatasets = [ "blobs"; "moons"; "circles"; "xor"; "csv" ]

/// The data sets `data` writes: the generators'.
let generatedDatasets = [ "blobs"; "moons"; "circles"; "xor" ]

/// The names each such flag takes, from the tables its parser reads: `descent completion` offers them after the
/// flag. A list flag (--optimizers) offers the names of one item. A verb whose flag takes fewer names refuses the
/// others with its own message (data --dataset csv).
let completions : (string * string list) list =
    let names table = List.map fst table
    [ "--dataset", trainDatasets
      "--optimizer", names Names.optimizers
      "--optimizers", names Names.optimizers
      "--loss", names Names.losses
      "--losses", names Names.losses
      "--schedule", Names.schedules
      "--scale", names Names.scalings
      "--dtype", names Names.precisions
      "--center", names Landscape.centerNames
      "--directions", [ "random" ]
      "--compare", names Landscape.pathRules
      "--at", names GradCheck.atNames
      "--class-weight", [ "balanced" ]
      "--plotly-js", names plotlySources ]

