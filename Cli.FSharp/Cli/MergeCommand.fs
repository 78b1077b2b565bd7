/// `descent merge DIR…`: joins the parts written by `descent sweep --shard i/n` into one sweep, as if it had run whole.
module Descent.Cli.MergeCommand

open System
open System.IO
open Argu
open Descent
open Descent.Cli.CliErrors

/// merge's defaults, read by both the usage lines and the code.
module Defaults =
    let out = "out"

type MergeArgs =
    | [<MainCommand; Mandatory>] Parts of dir_or_file: string list
    | [<Unique>] Out of dir: string
    | Json
    | No_Plots
    | [<Unique>] Plotly_Js of source: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Parts _ -> "folders holding sweep-part-*-of-*.json (or the part files themselves)."
            | Out _ -> $"folder for sweep.csv, sweep-loss.html and sweep-accuracy.html (default: {Defaults.out})."
            | Json -> "print the merged sweep as one JSON object instead of the table (default: off)."
            | No_Plots -> "do not write the HTML charts (default: off)."
            | Plotly_Js _ -> $"where the pages load plotly.js {PlotlyJs.Version}: local (written once beside them; they draw offline) or cdn (small pages that need a network) (default: local)."

/// The part files a command-line argument names: a folder's sweep-part-*-of-*.json, or a file itself.
let private partFiles (arg: string) : string list =
    if Directory.Exists arg then
        match Directory.GetFiles(arg, "sweep-part-*-of-*.json") |> Array.sort |> List.ofArray with
        | [] -> raise (FlagError $"merge: {arg} holds no sweep-part-*-of-*.json (write parts with descent sweep --shard i/n --out {arg})")
        | files -> files
    elif File.Exists arg then
        [ arg ]
    else
        raise (FlagError $"merge: {arg} is neither a folder nor a file")

let run (args: ParseResults<MergeArgs>) : ExitCode =
    let plotly = FlagValues.plotlyJs "--plotly-js" (args.TryValue Plotly_Js)
    let files = args.GetResult Parts |> List.collect partFiles |> List.distinctBy Path.GetFullPath
    let merged = files |> List.map (fun f -> f, SweepParts.readPart f) |> SweepParts.merge
    let out = args.Value(Out, defaultValue = Defaults.out)
    let asJson = args.Has Json
    Files.ensureDirectory out
    let written = SweepOutputs.writeFiles out (if args.Has No_Plots then None else Some plotly) merged.Entries
    InfoLines.line asJson $"[INFO] merged {files.Length} parts: {merged.Entries.Length} configurations"
    if asJson then printfn "%s" (SweepParts.document merged) else printf "%s" (SweepOutputs.table merged.Entries)
    InfoLines.wrote asJson written
    EarlierOutputs.remove asJson out SweepOutputs.fileNames written
    ExitCode.Ok
