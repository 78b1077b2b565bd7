/// `descent train`: the lesson's experiment (and its sequels) from the command line.
module Descent.Cli.TrainCommand

open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.TrainArgs

/// The experiment the flags describe, a flag that no part of it reads refused.
let checkedExperiment (args: ParseResults<TrainArgs>) : Experiment =
    let e = experiment args
    refuseUnread [ e.Optimizer ] e args
    e

/// `prepared` trained as train trains it (keeping the epochs' weights the flags ask for); `descent serve` runs this too.
let trained (cancel: CancellationToken) (args: ParseResults<TrainArgs>) (prepared: Run.Prepared) (onEpoch: Training.EpochStats -> unit) =
    Run.trainRecording (weightRecord args prepared.Experiment) prepared onEpoch cancel

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
        Say.line asJson $"[INFO] --drop-missing skipped {rows} with an empty cell or a null"
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
    let written =
        Outputs.writeFiles out plots prepared.Test result
        @ (saveModel |> Option.map (fun file -> ModelFile.save file result; file) |> Option.toList)
    if asJson then
        printfn "%s" (Outputs.json result)
    else
        printfn "[INFO] evaluating..."
        printf "%s" (Report.format result.Report)
        if Experiment.l1Of e > 0.0 then
            let o = result.Outcome
            printfn "[INFO] zero weights: %d of %d (biases not counted)" o.ZeroWeights ((o.Features - 1) * o.Outputs)
    match result.Outcome.Stop with
    | Diverged -> eprintfn "descent: %s" (Outputs.stopMessage result)
    | _ -> Say.line asJson $"[INFO] {Outputs.stopMessage result}"
    Say.wrote asJson written
    match result.Outcome.Stop with
    | Diverged -> ExitCode.NumericalFailure
    | Interrupted -> ExitCode.Interrupted
    | _ -> ExitCode.Ok
