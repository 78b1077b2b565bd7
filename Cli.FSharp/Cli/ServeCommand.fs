/// `descent serve`: the playground, a page where every change of a control retrains at once (Descent.Serve), over
/// train's and landscape's own code: the API answers what those verbs print with --json, and their error lines.
/// Descent.Serve (ASP.NET Core) is loaded only when this verb runs: nothing at this file's top level names its types.
module Descent.Cli.ServeCommand

open System
open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors

type ServeArgs =
    | [<Unique>] Port of int
    | [<Unique>] Host of string
    | Open
    | No_Token
    | [<Unique>] Max_Upload_Mb of int

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Port _ -> "TCP port to listen on; 0 picks a free one (default: 8080)."
            | Host _ -> "address to listen on; any other than loopback needs the token printed in the URL (default: 127.0.0.1)."
            | Open -> "open the page in the default browser (default: off)."
            | No_Token -> "do not require the token on a non-loopback --host (anyone who can reach the port can train) (default: off)."
            | Max_Upload_Mb _ -> "largest table POST /api/data accepts, in MiB; 413 beyond (default: 50)."

/// The one line the program prints for an error a verb raised (Program.fs's handlers, without "descent: "), or None
/// for a fault.
let errorLine (ex: exn) : string option =
    match ex with
    | :? ArguParseException as ex -> Some(arguErrorLine ex)
    | FlagError message -> Some message
    | DescentError p -> Some(render p)
    | InputError message -> Some message
    | _ -> None

/// Train's parser, made once for all requests (its reflection over the union costs milliseconds); lazy, as every
/// top-level value of the program is made at start-up whichever verb runs.
let private trainParser = lazy ArgumentParser.Create<TrainArgs.TrainArgs>(programName = "descent train")

/// Train's flags, for the unknown-flag check every request makes: made once, like the parser.
let private trainFlags = lazy UnknownFlags.known [ trainParser.Value ]

/// Train's flags parsed as `descent train ARGV` parses them, an unknown flag refused in train's words.
let private trainArgs (argv: string[]) =
    match UnknownFlags.findIn trainFlags.Value argv with
    | Some flag -> raise (FlagError(UnknownFlags.flagLine [ trainParser.Value ] flag))
    | None -> trainParser.Value.ParseCommandLine(argv, raiseOnUsage = true)

/// The experiment's data: generated as train generates it, or the uploaded table standing for --data's file.
let private prepareWith (table: Descent.Serve.Server.Table option) (prepare: Experiment -> Run.Prepared) (e: Experiment) : Run.Prepared =
    match table, e.Data with
    | Some t, Table spec ->
        Validation.experiment e
        Run.prepareShared e (t.Read spec)
    | _ -> prepare e

let private bounded (b: Descent.Serve.Server.Bounds) (prepare: Experiment -> Run.Prepared) (e: Experiment) =
    b.Before e
    let p = prepare e
    b.Work p.Experiment p.Train.X.Rows p.Train.X.Cols (Model.outputsOf e.Loss p.Schema.Classes.Length)
    p

/// Train's experiment for ARGV with its data, made as train makes it.
let private prepared (args: ParseResults<TrainArgs.TrainArgs>) (table: Descent.Serve.Server.Table option) (b: Descent.Serve.Server.Bounds) =
    bounded b (prepareWith table (TrainCommand.prepareData args)) (TrainCommand.checkedExperiment args)

/// `descent train ARGV`'s run, computed by train's code (TrainCommand) without writing a file.
let trainRun (cancel: CancellationToken) (argv: string[]) (table: Descent.Serve.Server.Table option) (b: Descent.Serve.Server.Bounds) (onEpoch: Training.EpochStats -> unit) : Run.TrainedRun =
    let args = trainArgs argv
    TrainCommand.trained cancel args (prepared args table b) onEpoch

/// `descent landscape ARGV --json`'s text, computed by landscape's code without writing a file.
let landscapeJson (cancel: CancellationToken) (argv: string[]) (table: Descent.Serve.Server.Table option) (b: Descent.Serve.Server.Bounds) : string =
    let mutable text = ""
    VerbArgs.run LandscapeCommand.verb (fun cancel own train ->
        let r = LandscapeCommand.computed cancel own train (bounded b (prepareWith table Run.prepare)) ignore
        text <- LandscapeOutputs.json r
        ExitCode.Ok) cancel argv
    |> ignore
    text

let run (cancel: CancellationToken) (args: ParseResults<ServeArgs>) : ExitCode =
    let host = args.Value(Host, defaultValue = "127.0.0.1").Trim()
    let port = args.Value(Port, defaultValue = 8080)
    if port < 0 || port > 65535 then raise (FlagError $"--port must be in 0..65535 (got {port})")
    let maxUpload = args.Value(Max_Upload_Mb, defaultValue = 50)
    if maxUpload < 1 then raise (FlagError $"--max-upload-mb must be >= 1 (got {maxUpload})")
    let token = if Descent.Serve.Server.isLoopback host || args.Has No_Token then None else Some(Descent.Serve.Server.newToken ())
    let settings: Descent.Serve.Server.Settings =
        { Host = host
          Port = port
          Token = token
          Limits = { Descent.Serve.Limits.defaults with MaxUploadBytes = int64 maxUpload * 1048576L }
          Say = eprintfn "%s" }
    let verbs: Descent.Serve.Server.Verbs =
        { Train = trainRun
          Landscape = landscapeJson
          Prepare = fun argv table b -> prepared (trainArgs argv) table b
          ErrorLine = errorLine }
    let started (url: string) =
        printfn "[INFO] the playground is at %s (Ctrl-C stops it)" url
        if args.Has Open then
            let opener = if OperatingSystem.IsWindows() then "explorer" elif OperatingSystem.IsMacOS() then "open" else "xdg-open"
            try
                Diagnostics.Process.Start(opener, url) |> ignore
            with ex -> printfn "[INFO] could not open a browser (%s): open the URL above" ex.Message
    try
        Descent.Serve.Server.run settings verbs started cancel
    with Descent.Serve.Refused (_, line) -> raise (InputError line)
    ExitCode.Interrupted
