/// Verbs that take `descent train`'s flags beside their own (sweep, landscape, lr-find, gradcheck): Argu sees only the
/// verb; the verb's own union is parsed first and train's union from what it does not recognise.
module Descent.Cli.VerbArgs

open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.TrainArgs

/// The verb's own flags, then train's under their own heading (`note` says which of them do not apply).
let usage (own: ArgumentParser<'Own>) (verb: string) (note: string) =
    let train = ArgumentParser.Create<TrainArgs>(programName = $"descent {verb}").PrintUsage().Replace("\r", "").Split('\n')
    let options = train |> Array.skipWhile (fun l -> not (l.StartsWith "OPTIONS:")) |> Array.skip 1
    let trainFlags = options |> Array.filter (fun l -> not (l.Contains "--help")) |> String.concat "\n"
    InfoLines.rule + "\n"
    + own.PrintUsage().TrimEnd().Replace("OPTIONS:", $"{verb.ToUpperInvariant()} OPTIONS:")
    + $"\n\nEXPERIMENT OPTIONS (as for descent train{note}):\n"
    + trainFlags.TrimEnd()
    + "\n"

let wantsHelp (argv: string[]) = argv |> Array.exists (fun a -> a = "--help" || a = "-h")

/// Both unions' results; an Argu error is one line (an unknown flag named with the closest known ones).
let parse (own: ArgumentParser<'Own>) (verb: string) (argv: string[]) : ParseResults<'Own> * ParseResults<TrainArgs> =
    let trainParser = ArgumentParser.Create<TrainArgs>(programName = $"descent {verb}")
    let oneLine (ex: ArguParseException) =
        let parsers: ArgumentParser list = [ own; trainParser ]
        match UnknownFlags.find parsers argv with
        | Some flag -> FlagError(UnknownFlags.flagLine parsers flag)
        | None -> FlagError(arguErrorLine ex)
    let ownArgs =
        try own.ParseCommandLine(argv, ignoreMissing = false, ignoreUnrecognized = true, raiseOnUsage = false)
        with :? ArguParseException as ex -> raise (oneLine ex)
    let trainArgs =
        try trainParser.ParseCommandLine(Array.ofList ownArgs.UnrecognizedCliParams, ignoreMissing = false, raiseOnUsage = false)
        with :? ArguParseException as ex -> raise (oneLine ex)
    ownArgs, trainArgs

/// Refuses train's flags that mean nothing to the verb: (whether given, flag, why).
let refuse (verb: string) (flags: (bool * string * string) list) =
    for given, flag, why in flags do
        if given then raise (FlagError $"{flag} does not apply to {verb}: {why}")

/// A verb that takes train's flags beside its own, as data: what its usage says and what it refuses.
type Verb<'Own when 'Own :> IArgParserTemplate> =
    { /// As typed after `descent`: "lr-find".
      Name: string
      /// Lazy: every module's top-level values are built when the program starts, whichever verb runs, and Argu's
      /// reflection over a union costs milliseconds.
      Parser: Lazy<ArgumentParser<'Own>>
      /// Which of train's flags do not apply, as the usage's heading says it ("; --alpha and --epochs do not apply").
      Note: string
      /// Train's flags the verb refuses, by why: (why, the flags' command-line names), checked in this order (the
      /// first given is the one the error names).
      Refused: (string * string list) list }

/// The verb `name` refusing `refused` (see Verb), its usage's note naming each refused flag.
let verb<'Own when 'Own :> IArgParserTemplate> (name: string) (refused: (string * string list) list) : Verb<'Own> =
    { Name = name
      Parser = lazy ArgumentParser.Create<'Own>(programName = $"descent {name}")
      Note = $"""; {FlagValues.sentence "and" (List.collect snd refused)} do not apply"""
      Refused = refused }

/// `descent VERB --help`'s text.
let usageOf (verb: Verb<'Own>) = usage verb.Parser.Value verb.Name verb.Note

/// `descent VERB argv`: the usage for --help; otherwise both unions parsed, the refused flags refused (the first given,
/// in the table's order), and `body` run on the verb's own results and train's.
let run (verb: Verb<'Own>) (body: CancellationToken -> ParseResults<'Own> -> ParseResults<TrainArgs> -> ExitCode) (cancel: CancellationToken) (argv: string[]) : ExitCode =
    if wantsHelp argv then
        printf "%s" (usageOf verb)
        ExitCode.Ok
    else
        let own, train = parse verb.Parser.Value verb.Name argv
        // The table names flags as text: one that is not train's would never be refused.
        let known = train.Parser.GetArgumentCases() |> List.collect _.CommandLineNames.Value |> set
        for _, flags in verb.Refused do
            for flag in flags do
                if not (known.Contains flag) then invalidOp $"{verb.Name} refuses {flag}, which is not one of train's flags"
        let given = train.GetAllResults() |> List.collect (fun r -> (train.Parser.GetArgumentCaseInfo r).CommandLineNames.Value) |> set
        refuse verb.Name [ for why, flags in verb.Refused do for flag in flags -> given.Contains flag, flag, why ]
        body cancel own train
