/// `descent sweep`: the product of lists of learning rates, batch sizes, momenta and optimizers over the experiment
/// `descent train`'s flags describe, run in parallel, or one shard of it.
module Descent.Cli.SweepCommand

open System
open System.Diagnostics
open System.IO
open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.SweepArgs
open Descent.Cli.TrainArgs

let private sweepParser = ArgumentParser.Create<SweepArgs>(programName = "descent sweep")
let private trainParser = ArgumentParser.Create<TrainArgs>(programName = "descent sweep")

/// Both unions' flags: the sweep's own, then train's under their own heading.
let usage () =
    let own = sweepParser.PrintUsage().TrimEnd()
    let train = trainParser.PrintUsage().Replace("\r", "").Split('\n')
    let options = train |> Array.skipWhile (fun l -> not (l.StartsWith "OPTIONS:")) |> Array.skip 1
    let trainFlags = options |> Array.filter (fun l -> not (l.Contains "--help")) |> String.concat "\n"
    own.Replace("OPTIONS:", "SWEEP OPTIONS:")
    + "\n\nEXPERIMENT OPTIONS (as for descent train; --print-every and --threads do not apply):\n"
    + trainFlags.TrimEnd()
    + "\n"

/// An Argu error as one line with a pointer to the help, like any other bad input.
let private parse (parser: ArgumentParser<'T>) (argv: string[]) (ignoreUnrecognized: bool) =
    try
        parser.ParseCommandLine(argv, ignoreMissing = false, ignoreUnrecognized = ignoreUnrecognized, raiseOnUsage = false)
    with :? ArguParseException as ex ->
        raise (FlagError $"{arguErrorLine ex} (descent sweep --help lists the flags)")

/// Refuses train flags that make no sense in a sweep, and a single value beside its list.
let private refuseTrainOnly (sweep: ParseResults<SweepArgs>) (train: ParseResults<TrainArgs>) =
    if train.Contains Print_Every then
        raise (FlagError "--print-every does not apply to sweep: it prints one table row per configuration")
    if train.Contains Save_Model then
        raise (FlagError "--save-model does not apply to sweep: it trains many models and writes sweep.csv; train the chosen one with descent train --save-model")
    if train.Contains Record_Weights then
        raise (FlagError "--record-weights does not apply to sweep: it keeps no history of weights; record one run's with descent train --record-weights")
    if train.Contains Threads then
        raise (FlagError "--threads does not apply to sweep: each configuration trains on one thread; --jobs sets how many run at once")
    for single, list, given in
        [ "--alpha", "--alphas", train.Contains Alpha && sweep.Contains Alphas
          "--batch-size", "--batch-sizes", train.Contains Batch_Size && sweep.Contains Batch_Sizes
          "--momentum", "--momenta", train.Contains Momentum && sweep.Contains Momenta
          "--optimizer", "--optimizers", train.Contains Optimizer && sweep.Contains Optimizers ] do
        if given then raise (FlagError $"give {single} or {list}, not both")

/// The grid's axes, slowest first: optimizers, batch sizes, momenta, then alphas varying fastest.
let private axes (args: ParseResults<SweepArgs>) (baseline: Experiment) : (string * Grid.Axis) list =
    let moms = args.TryGetResult SweepArgs.Momenta |> Option.map momenta
    if baseline.Nesterov && moms |> Option.exists (List.contains 0.0) then
        raise (FlagError "--nesterov needs every --momenta value in (0, 1) (got 0)")
    [ args.TryGetResult SweepArgs.Optimizers |> Option.map (fun t -> "--optimizers", Grid.optimizers (optimizers t))
      args.TryGetResult Batch_Sizes |> Option.map (fun t -> "--batch-sizes", Grid.batchSizes (batchSizes t))
      moms |> Option.map (fun m -> "--momenta", Grid.momenta m)
      args.TryGetResult Alphas |> Option.map (fun t -> "--alphas", Grid.alphas (alphas t)) ]
    |> List.choose id

/// A progress line on stderr (done/total, elapsed, estimated remaining), only when stderr is a terminal.
let private progress (total: int) =
    let clock = Stopwatch.StartNew()
    let finished = ref 0
    let gate = obj ()
    let show = not Console.IsErrorRedirected
    let seconds (s: float) = TimeSpan.FromSeconds(Math.Round s).ToString("c")
    let onDone (_: int) (_: Run.TrainedRun) =
        let n = Interlocked.Increment(&finished.contents)
        if show then
            lock gate (fun () ->
                let elapsed = clock.Elapsed.TotalSeconds
                let left = elapsed / float n * float (total - n)
                eprintf "\r[sweep] %d/%d done, %s elapsed, ~%s left  " n total (seconds elapsed) (seconds left))
    let finish () = if show && finished.Value > 0 then eprintf "\r%s\r" (String(' ', 60))
    onDone, finish

/// What the command line asks for, checked before anything runs or is written.
type private Plan =
    { Grid: Experiment list
      /// 0-based positions in the grid this invocation runs (all of them, or a shard's).
      Positions: int list
      Shard: (int * int) option
      Jobs: int
      Out: string
      AsJson: bool
      Plots: Charts.PlotlySource option }

let private plan (argv: string[]) : Plan =
    let args = parse sweepParser argv true
    let trainArgs = parse trainParser (Array.ofList args.UnrecognizedCliParams) false
    refuseTrainOnly args trainArgs
    let baseline = experiment trainArgs
    let rules = args.TryGetResult SweepArgs.Optimizers |> Option.map optimizers |> Option.defaultValue [ baseline.Optimizer ]
    refuseUnread rules baseline trainArgs
    let axes = axes args baseline
    let combinations = Grid.combinations (List.map snd axes)
    if combinations > LargeGrid && not (args.Contains Yes) then
        let flags = axes |> List.map fst |> String.concat " × "
        raise (FlagError $"{flags} make {combinations} configurations, more than {LargeGrid}; pass --yes to run them all")
    let jobs = args.GetResult(Jobs, defaultValue = Environment.ProcessorCount)
    if jobs < 1 then raise (FlagError $"--jobs must be an integer >= 1 (got {jobs})")
    let shard = args.TryGetResult Shard |> Option.map shard
    let plotly = Choices.plotlyJs "--plotly-js" (trainArgs.TryGetResult Plotly_Js)
    let grid = Grid.expand (List.map snd axes) baseline
    { Grid = grid
      Positions =
        match shard with
        | Some (i, n) -> Sweep.shardPositions i n grid.Length
        | None -> [ 0 .. grid.Length - 1 ]
      Shard = shard
      Jobs = jobs
      Out = trainArgs.GetResult(Out, defaultValue = Defaults.out)
      AsJson = trainArgs.Contains Json
      Plots = if trainArgs.Contains No_Plots then None else Some plotly }

/// Writes the part (a shard) or sweep.csv and the charts (the whole grid); returns the paths written.
let private write (p: Plan) (part: SweepParts.Part) =
    match p.Shard with
    | Some (i, n) ->
        let path = Path.Combine(p.Out, SweepParts.partFileName i n)
        Files.writeText path (SweepParts.document part)
        [ path ]
    | None -> SweepOutputs.writeFiles p.Out p.Plots part.Entries

let run (cancel: CancellationToken) (argv: string[]) : int =
    if argv |> Array.exists (fun a -> a = "--help" || a = "-h") then
        printf "%s" (usage ())
        ExitCode.Ok
    else
        let p = plan argv
        let prepared = Sweep.prepare p.Grid |> Array.ofList
        Files.ensureDirectory p.Out
        let say = Say.line p.AsJson
        let slice = match p.Shard with Some (i, n) -> $", shard {i}/{n}: {p.Positions.Length} of them" | None -> ""
        say $"[INFO] sweep of {p.Grid.Length} configurations{slice}, {min p.Jobs (max 1 p.Positions.Length)} at a time..."
        let onDone, finish = progress p.Positions.Length
        let results = Sweep.runPrepared p.Jobs onDone cancel [ for i in p.Positions -> prepared.[i] ]
        finish ()
        // Each finished configuration with its position in the grid; an interrupted or unstarted one has none.
        let finished =
            List.zip p.Positions (List.ofArray results)
            |> List.choose (fun (i, r) ->
                match r with
                | Some r when r.Outcome.Stop <> Interrupted -> Some(SweepResults.ofRun (i + 1) r)
                | _ -> None)
        // A shard's table has the whole grid's columns, so that the shards' tables line up.
        let columns = SweepSettings.varying (List.map SweepSettings.columns p.Grid)
        let total = p.Positions.Length
        let complete = finished.Length = total
        if finished.IsEmpty && not complete then
            eprintfn "descent: interrupted before any of %d configurations finished; nothing was written" total
            ExitCode.Interrupted
        else
            let part: SweepParts.Part = { Grid = SweepParts.gridId p.Grid; Shard = p.Shard; Entries = finished }
            // Interrupted, the finished configurations go to sweep.csv and the charts (never to a shard's part file,
            // which descent merge would take for a whole shard).
            let written = if complete then write p part else SweepOutputs.writeFilesOf columns p.Out p.Plots finished
            if p.AsJson then printfn "%s" (SweepParts.document part) else printf "%s" (SweepOutputs.tableOf columns finished)
            if complete then
                let diverged = finished |> List.filter (fun e -> e.Stop = Diverged) |> List.length
                if diverged > 0 then
                    say $"[INFO] {diverged} of {total} configurations diverged (stop = diverged: the loss or weights became NaN or infinite)"
                Say.wrote p.AsJson written
                ExitCode.Ok
            else
                let files = String.Join(", ", written)
                eprintfn "descent: interrupted after %d of %d configurations; wrote the finished ones to %s (an incomplete sweep)" finished.Length total files
                ExitCode.Interrupted
