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

/// --plotly-js: "cdn" (the page loads plotly.js from its CDN) or a plotly.js file to inline; the file must exist now,
/// before any output is written.
let plotlyJs (flag: string) (value: string option) : Charts.PlotlySource =
    match value with
    | None -> Charts.Cdn
    | Some v when v.Trim().ToLowerInvariant() = "cdn" -> Charts.Cdn
    | Some file when System.IO.File.Exists file -> Charts.InlineFile(System.IO.Path.GetFullPath file)
    | Some file -> raise (FlagError $"{flag} must be cdn or an existing plotly.js file (no file {file})")
