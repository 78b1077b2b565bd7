/// `descent train`: the lesson's experiment (and its sequels) from the command line.
module Descent.Cli.TrainCommand

open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.TrainArgs

/// Why training stopped, and when, worded with the flags that set each limit.
let stopLine (r: Run.TrainedRun) =
    let o = r.Outcome
    let e = r.Experiment
    match o.Stop with
    | EpochLimit -> $"stopped at epoch {o.Epochs}: all {flagOf Setting.Epochs} {e.Epochs} trained"
    | TargetReached -> $"stopped at epoch {o.Epochs}: loss {PyFormat.fixedPoint 7 o.History.Losses.[o.Epochs - 1]} <= {flagOf TargetLoss} {e.TargetLoss.Value}"
    | NoImprovement -> $"stopped at epoch {o.Epochs}: no improvement of {flagOf MinDelta} {e.MinDelta} in {flagOf Setting.Patience} {e.Patience.Value} epochs"
    | Diverged ->
        let last =
            if o.Epochs = 0 then "no epoch finished before it"
            else $"last finite loss {o.History.Losses.[o.Epochs - 1]:R} at epoch {o.Epochs}"
        $"training diverged at epoch {o.DivergedAt.Value}: the loss or the weights became NaN or infinite ({last}); try a smaller {flagOf Setting.Alpha} (now {e.Alpha})"
    | Interrupted -> $"interrupted after epoch {o.Epochs}; the finished epochs were kept"

/// The experiment the flags describe, a flag that no part of it reads refused.
let checkedExperiment (args: ParseResults<TrainArgs>) : Experiment =
    experiment args

/// `prepared` trained as train trains it (keeping the epochs' weights the flags ask for); `descent serve` runs this too.
let trained (cancel: CancellationToken) (args: ParseResults<TrainArgs>) (prepared: Run.Prepared) (onEpoch: Training.EpochStats -> unit) =
    Run.trainKeepingWeights (weightRecord args prepared.Experiment) prepared onEpoch cancel

/// The experiment's data loaded, split and scaled; a table named by --data is named so in messages (the library's
/// DataTable is --csv's on the command line).
let prepareData (args: ParseResults<TrainArgs>) (e: Experiment) : Run.Prepared =
    try
        Run.prepare e
    with DescentError (InvalidFile (DataTable, _, _) as p) when args.Has Data ->
        raise (InputError(Problem.render flagOf (fun _ -> "--data ") p))

let run (cancel: CancellationToken) (args: ParseResults<TrainArgs>) : ExitCode =
    let e = checkedExperiment args
    let printEvery = args.Value(Print_Every, defaultValue = Defaults.printEvery)
    if printEvery < 1 then raise (FlagError $"--print-every must be an integer >= 1 (got {printEvery})")
    let out = outFolder args
    let asJson = args.Has Json
    let plots = chartSource args
    let saveModel = args.TryValue Save_Model
    let prepared = prepareData args e
    if prepared.Dropped > 0 then
        let rows = if prepared.Dropped = 1 then "1 row" else $"{prepared.Dropped} rows"
        InfoLines.line asJson $"[INFO] --drop-missing skipped {rows} with an empty cell or a null"
    Files.ensureDirectory out
    saveModel |> Option.iter (fun file -> withFileFlag "--save-model" (fun () -> Files.ensureFileTarget file))
    if not asJson then
        match e.Schedule with
        | Plateau _ -> printfn "[INFO] plateau schedule on the %s loss" (RateSchedule.monitorName (RateSchedule.monitor e))
        | _ -> ()
        printfn "[INFO] training..."
    let result =
        use progress = Progress.counted "train" "epoch" e.Epochs
        let onEpoch (s: Training.EpochStats) =
            progress.Step(s.Epoch, s.Loss)
            if not asJson && (s.Epoch = 1 || s.Epoch % printEvery = 0) then
                progress.Above(fun () -> printfn "[INFO] epoch=%d, loss=%s" s.Epoch (PyFormat.fixedPoint 7 s.Loss))
        trained cancel args prepared onEpoch
    let diverged = result.Outcome.Stop = Diverged
    // A diverged run's weights are not a model (at epoch 1 they are the initial ones): it keeps only the losses of
    // the epochs that finished.
    let written =
        if diverged then
            if result.Outcome.Epochs > 0 then [ Outputs.writeLosses out result ] else []
        else
            Outputs.writeFiles out plots prepared.Test result
            @ (saveModel |> Option.map (fun file -> ModelFile.save file result; file) |> Option.toList)
    if asJson then
        printfn "%s" (Outputs.json result)
    elif not diverged then
        printfn "[INFO] evaluating..."
        printf "%s" (Report.format result.Report)
        if Experiment.l1Of e > 0.0 then
            let o = result.Outcome
            let nonBias =
                match Training.Outcome.layout o with
                | Some layout -> Network.nonBiasCount layout
                | None -> (o.Features - 1) * o.Outputs
            printfn "[INFO] zero weights: %d of %d (biases not counted)" o.ZeroWeights nonBias
    if diverged then
        let kept = match written with [ losses ] -> $"{losses} keeps the finished epochs' losses" | _ -> "no epoch finished"
        eprintfn "descent: %s; no model written (%s)" (stopLine result) kept
    else
        InfoLines.line asJson $"[INFO] {stopLine result}"
        InfoLines.wrote asJson written
    EarlierOutputs.remove asJson out Outputs.fileNames written
    match result.Outcome.Stop with
    | Diverged -> ExitCode.NumericalFailure
    | Interrupted -> ExitCode.Interrupted
    | _ -> ExitCode.Ok
