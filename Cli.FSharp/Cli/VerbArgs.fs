/// Verbs that take `descent train`'s flags beside their own (sweep, landscape, lr-find, gradcheck): Argu sees only the
/// verb; the verb's own union is parsed first and train's union from what it does not recognise.
module Descent.Cli.VerbArgs

open Argu
open Descent.Cli.CliErrors
open Descent.Cli.TrainArgs

/// The verb's own flags, then train's under their own heading (`note` says which of them do not apply).
let usage (own: ArgumentParser<'Own>) (verb: string) (note: string) =
    let train = ArgumentParser.Create<TrainArgs>(programName = $"descent {verb}").PrintUsage().Replace("\r", "").Split('\n')
    let options = train |> Array.skipWhile (fun l -> not (l.StartsWith "OPTIONS:")) |> Array.skip 1
    let trainFlags = options |> Array.filter (fun l -> not (l.Contains "--help")) |> String.concat "\n"
    own.PrintUsage().TrimEnd().Replace("OPTIONS:", $"{verb.ToUpperInvariant()} OPTIONS:")
    + $"\n\nEXPERIMENT OPTIONS (as for descent train{note}):\n"
    + trainFlags.TrimEnd()
    + "\n"

let wantsHelp (argv: string[]) = argv |> Array.exists (fun a -> a = "--help" || a = "-h")

/// Both unions' results; an Argu error is one line with a pointer to the verb's help.
let parse (own: ArgumentParser<'Own>) (verb: string) (argv: string[]) : ParseResults<'Own> * ParseResults<TrainArgs> =
    let oneLine (ex: ArguParseException) = FlagError $"{arguErrorLine ex} (descent {verb} --help lists the flags)"
    let ownArgs =
        try own.ParseCommandLine(argv, ignoreMissing = false, ignoreUnrecognized = true, raiseOnUsage = false)
        with :? ArguParseException as ex -> raise (oneLine ex)
    let trainParser = ArgumentParser.Create<TrainArgs>(programName = $"descent {verb}")
    let trainArgs =
        try trainParser.ParseCommandLine(Array.ofList ownArgs.UnrecognizedCliParams, ignoreMissing = false, raiseOnUsage = false)
        with :? ArguParseException as ex -> raise (oneLine ex)
    ownArgs, trainArgs

/// Refuses train's flags that mean nothing to the verb: (whether given, flag, why).
let refuse (verb: string) (flags: (bool * string * string) list) =
    for given, flag, why in flags do
        if given then raise (FlagError $"{flag} does not apply to {verb}: {why}")
