/// `descent sweep`: the product of lists of learning rates, batch sizes, momenta and optimizers over the experiment
/// `descent train`'s flags describe, run in parallel, or one shard of it.
module Descent.Cli.SweepCommand

open System
open System.IO
open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.SweepArgs
open Descent.Cli.TrainArgs

let verb =
    { VerbArgs.verb<SweepArgs>
        "sweep"
        [ "it prints one table row per configuration", [ "--print-every" ]
          "it trains many models and writes sweep.csv; train the chosen one with descent train --save-model", [ "--save-model" ]
          "it keeps no history of weights; record one run's with descent train --record-weights", [ "--record-weights" ]
          "each configuration trains on one thread; --jobs sets how many run at once", [ "--threads" ] ] with
        Note = "; --print-every and --threads do not apply" }

/// Refuses a single value beside its list (--alpha with --alphas).
let private refuseSingleBesideList (sweep: ParseResults<SweepArgs>) (train: ParseResults<TrainArgs>) =
    for single, list, given in
        [ "--alpha", "--alphas", train.Has Alpha && sweep.Has Alphas
          "--batch-size", "--batch-sizes", train.Has Batch_Size && sweep.Has Batch_Sizes
          "--momentum", "--momenta", train.Has Momentum && sweep.Has Momenta
          "--optimizer", "--optimizers", train.Has Optimizer && sweep.Has Optimizers
          "--loss", "--losses", train.Has Loss && sweep.Has SweepArgs.Losses
          "--init-seed", "--init-seeds", train.Has Init_Seed && sweep.Has Init_Seeds ] do
        if given then raise (FlagError $"give {single} or {list}, not both")

/// The grid's axes, slowest first: losses, optimizers, batch sizes, momenta, alphas, then the init seeds varying fastest.
let private axes (args: ParseResults<SweepArgs>) (rules: Optimizer list) (baseline: Experiment) : (string * Grid.Axis) list =
    let moms = args.TryValue SweepArgs.Momenta |> Option.map momenta
    let nesterov = rules |> List.exists (Optimizer.settings >> List.contains (Setting.Nesterov, OnOff true))
    if nesterov && moms |> Option.exists (List.contains 0.0) then
        raise (FlagError "--nesterov needs every --momenta value in (0, 1) (got 0)")
    [ args.TryValue SweepArgs.Losses |> Option.map (fun t -> "--losses", Grid.losses (losses t))
      args.TryValue SweepArgs.Optimizers |> Option.map (fun _ -> "--optimizers", Grid.optimizers rules)
      args.TryValue Batch_Sizes |> Option.map (fun t -> "--batch-sizes", Grid.batchSizes (batchSizes t))
      moms |> Option.map (fun m -> "--momenta", Grid.momenta m)
      args.TryValue Alphas |> Option.map (fun t -> "--alphas", Grid.alphas (alphas t))
      args.TryValue Init_Seeds |> Option.map (fun t -> "--init-seeds", Grid.initSeeds (initSeeds t)) ]
    |> List.choose id

/// What the command line asks for, checked before anything runs or is written.
type private Plan =
    { Grid: Experiment list
      /// 0-based positions in the grid this invocation runs (all of them, or a shard's).
      Positions: int list
      Shard: (int * int) option
      Jobs: int
      Out: string
      /// Continue from the journal in Out.
      Resume: bool
      AsJson: bool
      Plots: PlotlyJs.Source option }

let private plan (args: ParseResults<SweepArgs>) (trainArgs: ParseResults<TrainArgs>) : Plan =
    refuseSingleBesideList args trainArgs
    // Each rule of --optimizers with the rule flags it reads; a flag none of them reads is refused.
    let given = args.TryValue SweepArgs.Optimizers |> Option.map (optimizers >> List.map (optimizerFrom trainArgs))
    let baseline = experimentFor given trainArgs
    let rules = given |> Option.defaultValue [ baseline.Optimizer ]
    if args.Has Momenta && not (rules |> List.exists (Optimizer.reads Setting.Momentum)) then
        let names = rules |> List.map Names.optimizerName |> String.concat ","
        raise (FlagError $"--momenta applies only to --optimizer {Optimizer.readers Setting.Momentum} (got {names})")
    let axes = axes args rules baseline
    let combinations = Grid.combinations (List.map snd axes)
    if combinations > LargeGrid && not (args.Has Yes) then
        let flags = axes |> List.map fst |> String.concat " × "
        raise (FlagError $"{flags} make {combinations} configurations, more than {LargeGrid}; pass --yes to run them all")
    let jobs = args.Value(Jobs, defaultValue = Environment.ProcessorCount)
    if jobs < 1 then raise (FlagError $"--jobs must be an integer >= 1 (got {jobs})")
    // Before the grid is built: a grid too large for memory is refused, not allocated.
    MemoryBudget.checkSweep baseline combinations jobs
    let shard = args.TryValue Shard |> Option.map shard
    let plots = chartSource trainArgs
    let grid = Grid.expand (List.map snd axes) baseline
    { Grid = grid
      Positions =
        match shard with
        | Some (i, n) -> Sweep.shardPositions i n grid.Length
        | None -> [ 0 .. grid.Length - 1 ]
      Shard = shard
      Jobs = jobs
      Out = outFolder trainArgs
      Resume = args.Has Resume
      AsJson = trainArgs.Has Json
      Plots = plots }

/// Writes the part (a shard) or sweep.csv and the charts (the whole grid); returns the paths written.
let private write (p: Plan) (part: SweepParts.Part) =
    match p.Shard with
    | Some (i, n) ->
        let path = Path.Combine(p.Out, SweepParts.partFileName i n)
        Files.writeText path (SweepParts.document part)
        [ path ]
    | None -> SweepOutputs.writeFiles p.Out p.Plots part.Entries

/// Opens and locks the journal of this sweep (or shard) in the output folder and returns it with the configurations
/// it holds that this invocation need not run again. Refuses a journal of another grid (naming what differs) and,
/// without --resume, one of this grid that holds finished configurations.
let private openJournal (p: Plan) : Journal.Writer * SweepResults.Entry list =
    let path = Path.Combine(p.Out, Journal.fileName p.Shard)
    let expected: Journal.Header = { Grid = SweepParts.gridId p.Grid; Shard = p.Shard }
    let total = p.Positions.Length
    let keep (contents: Journal.Contents) =
        match contents.Header with
        | None -> false // torn before its header was whole: nothing had finished
        | Some _ when contents.Entries.IsEmpty && not p.Resume -> false // nothing to lose
        | Some h when h <> expected ->
            let why = Journal.difference p.Grid expected h contents.Entries
            if p.Resume then
                Fail.file SweepJournal path $" belongs to another sweep: {why}; resume it with the settings that started it, or remove the journal to start this one"
            else
                Fail.file SweepJournal path $" holds {contents.Entries.Length} finished configurations of another sweep ({why}); remove it, or write this sweep to another folder"
        | Some _ when not p.Resume ->
            let n = contents.Entries |> List.distinctBy _.Index |> List.length
            Fail.file SweepJournal path $" holds {n} of {total} configurations of this sweep, finished by an earlier run: add {SweepResume.Token} to continue it (or remove the journal to start over)"
        | Some _ -> true
    let journal, entries = Journal.Writer.Open path expected keep
    let mine = set p.Positions
    journal, entries |> List.distinctBy _.Index |> List.filter (fun e -> mine.Contains(e.Index - 1))

let run =
    VerbArgs.run verb (fun cancel own train ->
        let p = plan own train
        let prepared = Sweep.prepare p.Grid |> Array.ofList
        Files.ensureDirectory p.Out
        let journal, kept = openJournal p
        use _ = journal
        let say = InfoLines.line p.AsJson
        let total = p.Positions.Length
        let slice = match p.Shard with Some (i, n) -> $", shard {i}/{n}: {total} of them" | None -> ""
        let done' = kept |> List.map (fun e -> e.Index - 1) |> set
        let toRun = p.Positions |> List.filter (fun i -> not (done'.Contains i)) |> Array.ofList
        say $"[INFO] sweep of {p.Grid.Length} configurations{slice}, {min p.Jobs (max 1 toRun.Length)} at a time..."
        if p.Resume then
            say $"[INFO] resuming from {journal.Path}: {kept.Length} of {total} configurations finished, {toRun.Length} to run"
        // Each configuration is journaled (and on disk) the moment it finishes; one cut short by a signal is not.
        let fresh = Array.create toRun.Length None
        do
            let count = toRun.Length
            use progress = new Progress.Line("sweep", (fun n _ -> $"{n}/{count} configurations done"), (fun n -> float n / float count))
            let completed = ref 0
            let onDone (k: int) (r: Run.TrainedRun) =
                if r.Outcome.Stop <> Interrupted then
                    let entry = SweepResults.ofRun (toRun.[k] + 1) r
                    journal.Append entry
                    fresh.[k] <- Some entry
                progress.Step(Interlocked.Increment &completed.contents, nan)
            Sweep.runPrepared p.Jobs onDone cancel [ for i in toRun -> prepared.[i] ] |> ignore
        let finished = kept @ List.choose id (List.ofArray fresh) |> List.sortBy _.Index
        // A shard's table has the whole grid's columns, so that the shards' tables line up.
        let columns = SweepSettings.varying (List.map SweepSettings.columns p.Grid)
        let complete = finished.Length = total
        let part: SweepParts.Part = { Grid = SweepParts.gridId p.Grid; Shard = p.Shard; Entries = finished }
        let show () = if p.AsJson then printfn "%s" (SweepParts.document part) else printf "%s" (SweepOutputs.tableOf columns finished)
        if complete then
            let written = write p part
            // The outputs are on disk: the journal has done its work (a finished sweep leaves what it always did).
            journal.Remove()
            show ()
            let diverged = finished |> List.filter (fun e -> e.Stop = Diverged) |> List.length
            if diverged > 0 then
                say $"[INFO] {diverged} of {total} configurations diverged (stop = diverged: the loss or weights became NaN or infinite)"
            InfoLines.wrote p.AsJson written
            EarlierOutputs.remove p.AsJson p.Out (if p.Shard.IsSome then [] else SweepOutputs.fileNames) written
            ExitCode.Ok
        elif finished.IsEmpty then
            journal.Remove()
            eprintfn "descent: interrupted before any of %d configurations finished; nothing was written" total
            ExitCode.Interrupted
        else
            let resume = $"the journal {journal.Path} keeps them: run the same command with --resume to finish"
            match p.Shard with
            | Some (i, n) ->
                // Never a part file (descent merge would take it for a whole shard), nor sweep.csv: shards share
                // folders, and a shard touches only its own files.
                show ()
                eprintfn "descent: interrupted after %d of %d configurations of shard %d/%d; %s the shard (its part file is written when it finishes)" finished.Length total i n resume
            | None ->
                let written = SweepOutputs.writeFilesOf columns p.Out p.Plots finished
                show ()
                eprintfn "descent: interrupted after %d of %d configurations; wrote the finished ones to %s (an incomplete sweep); %s it" finished.Length total (String.Join(", ", written)) resume
            ExitCode.Interrupted)
