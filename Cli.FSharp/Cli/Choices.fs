/// Named choices on the command line (--optimizer gd|sgd, …): parsed with one clear error naming the allowed values.
module Descent.Cli.Choices

open Descent
open Descent.Core

let parse (flag: string) (choices: (string * 'a) list) (value: string) : 'a =
    match choices |> List.tryFind (fun (name, _) -> name = value.Trim().ToLowerInvariant()) with
    | Some (_, v) -> v
    | None -> raise (FlagError $"""{flag} must be one of {choices |> List.map fst |> String.concat ", "} (got '{value}')""")

let optimizers = [ "gd", Gd; "sgd", Sgd ]
let losses = [ "sse", LossKind.SquaredError; "logloss", LossKind.LogLoss ]
let schedules = [ "constant"; "step"; "invscaling" ]
let precisions = [ "float64", Float64; "float32", Float32 ]
let scalings = [ "none", NoScaling; "standard", Standard; "minmax", MinMax ]

/// --plotly-js: "cdn" (the page loads plotly.js from its CDN) or a plotly.js file to inline; the file must exist now,
/// before any output is written.
let plotlyJs (flag: string) (value: string option) : Charts.PlotlySource =
    match value with
    | None -> Charts.Cdn
    | Some v when v.Trim().ToLowerInvariant() = "cdn" -> Charts.Cdn
    | Some file when System.IO.File.Exists file -> Charts.InlineFile(System.IO.Path.GetFullPath file)
    | Some file -> raise (FlagError $"{flag} must be cdn or an existing plotly.js file (no file {file})")
