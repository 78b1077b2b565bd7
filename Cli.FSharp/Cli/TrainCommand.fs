/// `descent train`: the lesson's experiment (and its sequels) from the command line.
module Descent.Cli.TrainCommand

open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.TrainArgs

let run (cancel: CancellationToken) (args: ParseResults<TrainArgs>) : ExitCode =
    let e = experiment args
    let printEvery = args.Value(Print_Every, defaultValue = Defaults.printEvery)
    if printEvery < 1 then raise (FlagError $"--print-every must be an integer >= 1 (got {printEvery})")
    let out = outFolder args
    let asJson = args.Has Json
    let plots = chartSource args
    let saveModel = args.TryValue Save_Model
    let prepared =
        // A table named by --data is named so in messages (the library's DataTable is --csv's on the command line).
        try
            Run.prepare e
        with DescentError (InvalidFile (DataTable, _, _) as p) when args.Has Data ->
            raise (InputError(Problem.render flagOf (fun _ -> "--data ") p))
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
        Run.trainKeepingWeights (weightRecord args e) prepared onEpoch cancel
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
            let nonBias =
                match Training.Outcome.layout o with
                | Some layout -> Network.nonBiasCount layout
                | None -> (o.Features - 1) * o.Outputs
            printfn "[INFO] zero weights: %d of %d (biases not counted)" o.ZeroWeights nonBias
    match result.Outcome.Stop with
    | Diverged -> eprintfn "descent: %s" (Outputs.stopMessage result)
    | _ -> Say.line asJson $"[INFO] {Outputs.stopMessage result}"
    Say.wrote asJson written
    match result.Outcome.Stop with
    | Diverged -> ExitCode.NumericalFailure
    | Interrupted -> ExitCode.Interrupted
    | _ -> ExitCode.Ok
