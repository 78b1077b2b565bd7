module Descent.Program

open System
open System.Reflection
open System.Runtime.InteropServices
open System.Threading
open Argu
open Microsoft.FSharp.Reflection
open Descent
open Descent.Cli
open Descent.Cli.CliErrors

type Command =
    | [<CliPrefix(CliPrefix.None)>] Train of ParseResults<TrainArgs.TrainArgs>
    | [<CliPrefix(CliPrefix.None)>] Data of ParseResults<DataCommand.DataArgs>
    | [<CliPrefix(CliPrefix.None)>] Sweep of ParseResults<SweepArgs.SweepArgs>
    | [<CliPrefix(CliPrefix.None)>] Merge of ParseResults<MergeCommand.MergeArgs>
    | [<CliPrefix(CliPrefix.None)>] Predict of ParseResults<PredictCommand.PredictArgs>
    | [<CliPrefix(CliPrefix.None)>] Bench of ParseResults<BenchCommand.BenchArgs>
    | [<CliPrefix(CliPrefix.None)>] Completion of ParseResults<Completion.CompletionArgs>
    | [<CliPrefix(CliPrefix.None)>] Convert of ParseResults<ConvertCommand.ConvertArgs>
    | [<CliPrefix(CliPrefix.None)>] Landscape of ParseResults<LandscapeCommand.LandscapeArgs>
    | [<CliPrefix(CliPrefix.None)>] Lr_Find of ParseResults<LrFindCommand.LrFindArgs>
    | [<CliPrefix(CliPrefix.None)>] Gradcheck of ParseResults<GradCheckCommand.GradCheckArgs>
    | [<CliPrefix(CliPrefix.None)>] Serve of ParseResults<ServeCommand.ServeArgs>

    interface IArgParserTemplate with
        member c.Usage =
            match c with
            | Train _ -> "train a sigmoid unit by gradient descent (the lesson's experiment by default)."
            | Data _ -> "write a generated dataset as CSV or Parquet."
            | Sweep _ -> "train every combination of lists of learning rates, batch sizes, momenta and optimizers, in parallel (descent sweep --help)."
            | Merge _ -> "join the parts written by descent sweep --shard i/n into one sweep."
            | Predict _ -> "apply a saved model (model.json) to the rows of a CSV file."
            | Bench _ -> "time training epochs on generated data beside a read-only pass over the same matrix."
            | Completion _ -> "print a shell completion script for descent's verbs and flags (descent completion bash)."
            | Convert _ -> "turn a table from CSV into Parquet or back (descent convert IN OUT)."
            | Landscape _ -> "draw the training loss on a plane through the weights with each optimizer's path (descent landscape --help)."
            | Lr_Find _ -> "the learning-rate range test: the loss as the rate rises step by step, and a suggested rate (descent lr-find --help)."
            | Gradcheck _ -> "check the analytic gradient against central differences of the loss (descent gradcheck --help)."
            | Serve _ -> "the playground: a web page that retrains as you move its controls, and its API (descent serve --help)."

/// The whole command line's parser, for what names no verb (`descent`, `descent --help`, a mistyped verb) and for the
/// completion script. Lazy: building it reflects over every verb's union, which a verb's run does not need.
let private parser =
    lazy ArgumentParser.Create<Command>(programName = "descent", helpTextMessage = InfoLines.rule)

/// A verb as typed: Argu's naming rule, lower case and '_' → '-'.
let private verbName (case: UnionCaseInfo) = case.Name.ToLowerInvariant().Replace('_', '-')

/// The Command case whose verb is `name` ("train", "lr-find").
let private verbCase (name: string) =
    FSharpType.GetUnionCases typeof<Command> |> Array.tryFind (fun c -> verbName c = name)

/// The parser of one verb's union alone, its help headed by where [INFO] lines go: building it for one union instead
/// of all of them is most of start-up. Read from the Command union by reflection, so a verb added to it takes this
/// path with no change here.
let private verbParser (case: UnionCaseInfo) : ArgumentParser =
    let argsType = case.GetFields().[0].PropertyType.GetGenericArguments().[0] // ParseResults<VerbArgs>
    let flags = BindingFlags.Public ||| BindingFlags.Static ||| BindingFlags.DoNotWrapExceptions
    let create = typeof<ArgumentParser>.GetMethod("Create", flags).MakeGenericMethod argsType
    // F# optional parameters: Some value, or null for None.
    create.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [| box (Some $"descent {verbName case}"); box (Some InfoLines.rule); null; null; null |], null) :?> ArgumentParser

/// `descent VERB args…` parsed by VERB's own parser only, as the Command union's nested parsing would give. An
/// unknown flag is refused even where Argu would take it for a positional argument (merge's folders, convert's files).
let private parseVerb (case: UnionCaseInfo) (args: string[]) : Command =
    let p = verbParser case
    match UnknownFlags.find [ p ] args with
    | Some flag -> raise (FlagError(UnknownFlags.flagLine [ p ] flag))
    | None -> ()
    let parse = p.GetType().GetMethod "ParseCommandLine"
    let results = parse.Invoke(p, BindingFlags.DoNotWrapExceptions, null, [| box (Some args); null; null; box (Some true) |], null)
    FSharpValue.MakeUnion(case, [| results |]) :?> Command

/// The line under every error: how to call the verb and where its flags are listed.
let private usageLine (argv: string[]) =
    match (if argv.Length > 0 then verbCase argv.[0] else None) with
    | Some case ->
        let verb = verbName case
        $"usage: descent {verb} [flags]; descent {verb} --help lists every flag with its default"
    | None -> "usage: descent COMMAND [flags]; descent --help lists the commands"

/// The one line that says what is wrong, then the usage line; exit code 2.
let private flagError (argv: string[]) (message: string) =
    eprintfn "descent: %s" message
    eprintfn "%s" (usageLine argv)
    ExitCode.BadInput

/// The verbs that parse train's flags beside their own (VerbArgs): Argu sees only their verb.
let private takesTrainFlags =
    [ SweepCommand.verb.Name; LandscapeCommand.verb.Name; LrFindCommand.verb.Name; GradCheckCommand.verb.Name ]

/// An Argu error as one line (an unknown command named with the closest known ones), then the usage line.
let private usageError (argv: string[]) (ex: ArguParseException) =
    // A verb's unknown flags were named before parsing (parseVerb).
    let line =
        match (if argv.Length > 0 then Some argv.[0] else None) with
        | Some word when (verbCase word).IsNone && word.StartsWith "-" && not (List.contains word parser.Value.HelpFlags) ->
            UnknownFlags.flagLine [ parser.Value ] word
        | Some word when (verbCase word).IsNone && not (word.StartsWith "-") ->
            UnknownFlags.commandLine [ for c in FSharpType.GetUnionCases typeof<Command> -> verbName c ] word
        | _ -> arguErrorLine ex
    flagError argv line

/// `descent argv`: the verb run, every error it raises turned into its line and exit code.
let private runVerb (cancel: CancellationToken) (argv: string[]) : ExitCode =
    try
        // sweep, landscape, lr-find and gradcheck take train's flags beside their own, which Argu's nested parsing
        // would refuse: Argu sees only the verb, and the verb parses the rest itself (VerbArgs).
        let ownParsing = argv.Length > 0 && List.contains argv.[0] takesTrainFlags
        let command =
            match (if argv.Length > 0 then verbCase argv.[0] else None) with
            | Some case when not ownParsing -> parseVerb case argv.[1..]
            | _ -> parser.Value.ParseCommandLine((if ownParsing then [| argv.[0] |] else argv), raiseOnUsage = true).GetSubCommand()
        match command with
        | Train args -> TrainCommand.run cancel args
        | Data args -> DataCommand.run args
        | Sweep _ -> SweepCommand.run cancel argv.[1..]
        | Merge args -> MergeCommand.run args
        | Predict args -> PredictCommand.run args
        | Bench args -> BenchCommand.run args
        | Completion args ->
            // The verbs that parse train's flags beside their own (see above) offer them in completion too.
            let alsoTakes verb =
                if List.contains verb takesTrainFlags then [ ArgumentParser.Create<TrainArgs.TrainArgs>() :> ArgumentParser ] else []
            Completion.run parser.Value alsoTakes args
        | Convert args -> ConvertCommand.run args
        | Landscape _ -> LandscapeCommand.run cancel argv.[1..]
        | Lr_Find _ -> LrFindCommand.run cancel argv.[1..]
        | Gradcheck _ -> GradCheckCommand.run cancel argv.[1..]
        | Serve args -> ServeCommand.run cancel args
    with
    | :? ArguParseException as ex when ex.ErrorCode = ErrorCode.HelpText ->
        printfn "%s" ex.Message
        ExitCode.Ok
    // `descent` alone: the commands, as --help lists them, on standard error.
    | :? ArguParseException when argv.Length = 0 ->
        eprintfn "descent: name a command"
        eprintfn "%s" (parser.Value.PrintUsage().Replace("\r", "").TrimEnd())
        ExitCode.BadInput
    | :? ArguParseException as ex -> usageError argv ex
    | FlagError message -> flagError argv message
    | DescentError (InvalidSetting _ as p) -> flagError argv (render p)
    | DescentError p ->
        eprintfn "descent: %s" (render p)
        ExitCode.BadInput
    | InputError message ->
        eprintfn "descent: %s" message
        ExitCode.BadInput
    | WriteFailed (path, cause) ->
        eprintfn "descent: could not write %s: %s" path cause
        ExitCode.OutputFailed
    // Standard output redirected to a full disk (descent data > file): Console's writer raises it from its own code.
    | :? IO.IOException as ex when (match ex.TargetSite with null -> false | m -> (nonNull m.DeclaringType).Name = "ConsolePal") ->
        eprintfn "descent: could not write standard output: %s" (Files.causeOf ex)
        ExitCode.OutputFailed

/// `descent argv`'s exit code as the process returns it.
let run (cancel: CancellationToken) (argv: string[]) : int = int (runVerb cancel argv)

/// SIGINT (Ctrl-C) and SIGTERM (what Slurm sends at a job's time limit, on preemption and on scancel) ask the running
/// command to stop at the next epoch boundary and keep what is finished; the command then ends with 130 (SIGINT) or
/// 143 (SIGTERM). A second signal of either kind ends the process at once, as the signal's default does: a sweep's
/// journal stays valid (each record is flushed when appended; a torn last one is ignored on --resume).
type private Stopping(cts: CancellationTokenSource) =
    let mutable terminated = false

    /// Whether the first signal was SIGTERM.
    member _.Terminated = terminated

    member _.Handle(ctx: PosixSignalContext) =
        if not cts.IsCancellationRequested then
            ctx.Cancel <- true
            terminated <- ctx.Signal = PosixSignal.SIGTERM
            let name = if terminated then "terminated (SIGTERM)" else "interrupted"
            eprintfn "descent: %s; stopping at the next epoch boundary (a second signal quits at once)" name
            cts.Cancel()

[<EntryPoint>]
let main argv =
    use cts = new CancellationTokenSource()
    let stopping = Stopping cts
    use _ = PosixSignalRegistration.Create(PosixSignal.SIGINT, Action<PosixSignalContext> stopping.Handle)
    use _ = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Action<PosixSignalContext> stopping.Handle)
    match runVerb cts.Token argv with
    | ExitCode.Interrupted when stopping.Terminated -> int ExitCode.Terminated
    | code -> int code
