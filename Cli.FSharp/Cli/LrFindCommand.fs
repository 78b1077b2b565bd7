/// `descent lr-find`: the learning-rate range test on the experiment train's flags describe.
module Descent.Cli.LrFindCommand

open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.TrainArgs

module Defaults =
    let settings = LrFind.defaults

type LrFindArgs =
    | [<Unique>] Min_Lr of float
    | [<Unique>] Max_Lr of float
    | [<Unique>] Steps of int

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Min_Lr _ -> $"the first step's learning rate, > 0 (default: {Defaults.settings.MinRate})."
            | Max_Lr _ -> $"the last step's learning rate, > --min-lr (default: {Defaults.settings.MaxRate})."
            | Steps _ -> $"updates (one per mini-batch; more epochs as needed), >= 2 (default: {Defaults.settings.Steps})."

let private parser = ArgumentParser.Create<LrFindArgs>(programName = "descent lr-find")

let usage () = VerbArgs.usage parser "lr-find" "; --alpha, --epochs, --schedule, --save-model, --print-every and --record-weights do not apply"

let run (_: CancellationToken) (argv: string[]) : int =
    if VerbArgs.wantsHelp argv then
        printf "%s" (usage ())
        ExitCode.Ok
    else
        let own, train = VerbArgs.parse parser "lr-find" argv
        VerbArgs.refuse "lr-find" [
            train.Contains Alpha, "--alpha", "the rate rises from --min-lr to --max-lr"
            train.Contains Epochs, "--epochs", "it takes --steps updates, running as many epochs as they need"
            train.Contains Schedule, "--schedule", "the rate rises geometrically from --min-lr to --max-lr"
            train.Contains Save_Model, "--save-model", "it trains no model to keep"
            train.Contains Print_Every, "--print-every", "it prints the suggested rates"
            train.Contains Record_Weights, "--record-weights", "it writes the loss at each step, not the weights" ]
        let d = Defaults.settings
        let s: LrFind.Settings =
            { MinRate = own.GetResult(Min_Lr, defaultValue = d.MinRate)
              MaxRate = own.GetResult(Max_Lr, defaultValue = d.MaxRate)
              Steps = own.GetResult(Steps, defaultValue = d.Steps) }
        LrFind.validate s
        let e = experiment train
        let asJson = train.Contains Json
        let plotly = Choices.plotlyJs "--plotly-js" (train.TryGetResult Plotly_Js)
        let out = train.GetResult(Out, defaultValue = TrainArgs.Defaults.out)
        let prepared = Run.prepare e
        Files.ensureDirectory out
        let r = LrFind.run s prepared
        let written = LrFindOutputs.writeFiles out (if train.Contains No_Plots then None else Some plotly) r
        if asJson then
            printfn "%s" (LrFindOutputs.json r)
        else
            let last = Array.last r.Points
            let why = if r.StoppedEarly then $"stopped at step {last.Step} (rate {last.Rate:G3}): the smoothed loss passed {LrFind.StopFactor}x its minimum" else $"all {s.Steps} steps taken"
            printfn "[INFO] learning-rate range test from %g to %g: %s" s.MinRate s.MaxRate why
            printfn "[INFO] suggested learning rate (steepest descent of the smoothed loss): %s" (r.Steepest.ToString "G4")
            printfn "[INFO] the minimum's rate / 10: %s" (r.MinimumOver10.ToString "G4")
        Say.wrote asJson written
        ExitCode.Ok
