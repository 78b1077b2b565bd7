module Descent.Program

open System
open System.Runtime.InteropServices
open System.Threading
open Argu
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
    | [<CliPrefix(CliPrefix.None)>] Landscape of ParseResults<LandscapeCommand.LandscapeArgs>
    | [<CliPrefix(CliPrefix.None)>] Lr_Find of ParseResults<LrFindCommand.LrFindArgs>
    | [<CliPrefix(CliPrefix.None)>] Gradcheck of ParseResults<GradCheckCommand.GradCheckArgs>

    interface IArgParserTemplate with
        member c.Usage =
            match c with
            | Train _ -> "train a sigmoid unit by gradient descent (the lesson's experiment by default)."
            | Data _ -> "write a generated dataset as CSV."
            | Sweep _ -> "train every combination of lists of learning rates, batch sizes, momenta and optimizers, in parallel (descent sweep --help)."
            | Merge _ -> "join the parts written by descent sweep --shard i/n into one sweep."
            | Predict _ -> "apply a saved model (model.json) to the rows of a CSV file."
            | Bench _ -> "time training epochs on generated data beside a read-only pass over the same matrix."
            | Landscape _ -> "draw the training loss on a plane through the weights with each optimizer's path (descent landscape --help)."
            | Lr_Find _ -> "the learning-rate range test: the loss as the rate rises step by step, and a suggested rate (descent lr-find --help)."
            | Gradcheck _ -> "check the analytic gradient against central differences of the loss (descent gradcheck --help)."

let private parser = ArgumentParser.Create<Command>(programName = "descent")

/// Argu's message is the error on its first line, then the usage; keep the error as the one line that says what is
/// wrong, then the usage.
let private usageError (ex: ArguParseException) =
    eprintfn "descent: %s" (arguErrorLine ex)
    eprintfn "%s" (String.Join("\n", ex.Message.Replace("\r", "").Split('\n').[1..]).TrimEnd())
    ExitCode.BadInput

/// A flag's bad value: its line, then a pointer to the verb's help.
let private flagError (argv: string[]) (message: string) =
    eprintfn "descent: %s" message
    let verb = if argv.Length > 0 && not (argv.[0].StartsWith "-") then argv.[0] else "<command>"
    eprintfn "usage: descent %s [flags]; descent %s --help lists every flag with its default" verb verb
    ExitCode.BadInput

let run (cancel: CancellationToken) (argv: string[]) : int =
    try
        // sweep takes train's flags beside its own, which Argu's nested parsing would refuse: Argu sees only the verb,
        // and SweepCommand parses the rest itself.
        // So do landscape, lr-find and gradcheck (VerbArgs).
        let ownParsing = argv.Length > 0 && List.contains argv.[0] [ "sweep"; "landscape"; "lr-find"; "gradcheck" ]
        let results = parser.ParseCommandLine((if ownParsing then [| argv.[0] |] else argv), raiseOnUsage = true)
        match results.GetSubCommand() with
        | Train args -> TrainCommand.run cancel args
        | Data args -> DataCommand.run args
        | Sweep _ -> SweepCommand.run cancel argv.[1..]
        | Merge args -> MergeCommand.run args
        | Predict args -> PredictCommand.run args
        | Bench args -> BenchCommand.run args
        | Landscape _ -> LandscapeCommand.run cancel argv.[1..]
        | Lr_Find _ -> LrFindCommand.run cancel argv.[1..]
        | Gradcheck _ -> GradCheckCommand.run cancel argv.[1..]
    with
    | :? ArguParseException as ex when ex.ErrorCode = ErrorCode.HelpText ->
        printfn "%s" ex.Message
        ExitCode.Ok
    | :? ArguParseException as ex -> usageError ex
    | FlagError message -> flagError argv message
    | DescentError (InvalidSetting _ as p) -> flagError argv (render p)
    | DescentError p ->
        eprintfn "descent: %s" (render p)
        ExitCode.BadInput
    | InputError message ->
        eprintfn "descent: %s" message
        ExitCode.BadInput

/// Ctrl-C (SIGINT) asks the running command to stop at the next epoch boundary and keep what is finished; a second
/// Ctrl-C ends the process at once.
let private onInterrupt (cts: CancellationTokenSource) =
    PosixSignalRegistration.Create(
        PosixSignal.SIGINT,
        fun ctx ->
            if not cts.IsCancellationRequested then
                ctx.Cancel <- true
                eprintfn "descent: interrupted; stopping at the next epoch boundary (Ctrl-C again to quit at once)"
                cts.Cancel())

[<EntryPoint>]
let main argv =
    use cts = new CancellationTokenSource()
    use _ = onInterrupt cts
    run cts.Token argv
