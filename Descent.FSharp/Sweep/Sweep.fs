/// Runs many experiments at once, `jobs` at a time. Each run owns its generator and buffers and trains on one thread,
/// so a run's numbers are the same whatever the number of jobs and whichever run finishes first.
module Descent.Sweep

open System
open System.Collections.Generic
open System.Threading
open System.Runtime.ExceptionServices
open System.Threading.Tasks

/// Positions (0-based) of the i-th of n slices of a list of `total` items, i in 1..n: i-1, i-1+n, i-1+2n, …
/// Round robin rather than blocks, so settings that sit together in a grid (and cost alike) spread over the shards.
let shardPositions (index: int) (count: int) (total: int) : int list =
    [ index - 1 .. count .. total - 1 ]

/// Validates every experiment and loads each distinct data set once; splits once per distinct split so that a split
/// that cannot work (a set left empty or with one class) is refused before anything runs. Pairs each experiment with
/// its data (shared, read-only: training copies what it converts).
let prepare (experiments: Experiment list) : (Experiment * Dataset) list =
    let loaded = Dictionary<DataSpec, Dataset>(HashIdentity.Structural)
    let checkedSplits = HashSet<DataSpec * float * int64 * float>(HashIdentity.Structural)
    [ for e in experiments do
          Validation.experiment e
          let data =
              match loaded.TryGetValue e.Data with
              | true, d -> d
              | false, _ ->
                  let d = DataLoad.load e.Data
                  loaded.[e.Data] <- d
                  d
          if checkedSplits.Add((e.Data, e.TestSize, e.SplitSeed, e.ValidationFraction)) then
              Run.checkSplit e data
          e, data ]

/// Runs prepared experiments, `jobs` at a time and each on one thread, calling `onDone position result` as each
/// finishes (from worker threads). Results come back in input order; a run that never started because of `cancel` is
/// None, one cut short has its stop reason Interrupted.
let runPrepared (jobs: int) (onDone: int -> Run.TrainedRun -> unit) (cancel: CancellationToken) (prepared: (Experiment * Dataset) list) : Run.TrainedRun option[] =
    if jobs < 1 then invalidArg (nameof jobs) "at least one job is needed"
    let items = Array.ofList prepared
    let results = Array.create items.Length None
    // The first run of a code path pays for its JIT compilation (the lesson: ~40 ms, then 0.9 ms per run); one epoch
    // of each path first keeps that out of the runs' times. The warm-up's results are thrown away.
    for e, data in items |> Array.distinctBy (fun (e, _) -> e.Precision, e.Loss, ExperimentRule.kind e, e.Shuffle, e.L2 > 0.0, Experiment.l1Of e > 0.0) do
        if not cancel.IsCancellationRequested then
            let once = { e with Epochs = 1; Threads = 1; TargetLoss = None; Patience = None }
            Run.train (Run.prepareOn once data) ignore cancel |> ignore
    let options = ParallelOptions(MaxDegreeOfParallelism = jobs)
    try
        Parallel.For(0, items.Length, options, fun i (state: ParallelLoopState) ->
            if cancel.IsCancellationRequested then
                state.Stop()
            else
                let e, data = items.[i]
                let r = Run.train (Run.prepareOn (Experiment.withThreads 1 e) data) ignore cancel
                results.[i] <- Some r
                onDone i r)
        |> ignore
    with :? AggregateException as ex ->
        // The first failure as itself (a DescentError stays one line at the edge of the program).
        ExceptionDispatchInfo.Capture(ex.Flatten().InnerExceptions.[0]).Throw()
    results

/// Validates, loads and runs the experiments, `jobs` at a time; see runPrepared.
let runAll (jobs: int) (onDone: int -> Run.TrainedRun -> unit) (cancel: CancellationToken) (experiments: Experiment list) =
    match experiments with
    | first :: _ -> MemoryBudget.checkSweep first (int64 experiments.Length) jobs
    | [] -> ()
    runPrepared jobs onDone cancel (prepare experiments)

/// Runs every experiment on all cores; results in input order.
let run (experiments: Experiment list) : Run.TrainedRun list =
    runAll Environment.ProcessorCount (fun _ _ -> ()) CancellationToken.None experiments |> Array.map Option.get |> List.ofArray
