/// `descent lr-find`: the learning-rate range test on the experiment train's flags describe.
module Descent.Cli.LrFindCommand

open Argu
open Descent
open Descent.Cli.TrainArgs

type LrFindArgs =
    | [<Unique>] Min_Lr of float
    | [<Unique>] Max_Lr of float
    | [<Unique>] Steps of int

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Min_Lr _ -> $"the first step's learning rate, > 0 (default: {LrFind.defaults.MinRate})."
            | Max_Lr _ -> $"the last step's learning rate, > --min-lr (default: {LrFind.defaults.MaxRate})."
            | Steps _ -> $"updates (one per mini-batch; more epochs as needed), >= 2 (default: {LrFind.defaults.Steps})."

let verb =
    VerbArgs.verb<LrFindArgs>
        "lr-find"
        [ "the rate rises from --min-lr to --max-lr", [ "--alpha" ]
          "it takes --steps updates, running as many epochs as they need", [ "--epochs" ]
          "the rate rises geometrically from --min-lr to --max-lr", [ "--schedule" ]
          "it trains no model to keep", [ "--save-model" ]
          "it prints the suggested rates", [ "--print-every" ]
          "it writes the loss at each step, not the weights", [ "--record-weights" ] ]

let run =
    VerbArgs.run verb (fun _ own train ->
        let d = LrFind.defaults
        let s: LrFind.Settings =
            { MinRate = own.Value(Min_Lr, defaultValue = d.MinRate)
              MaxRate = own.Value(Max_Lr, defaultValue = d.MaxRate)
              Steps = own.Value(Steps, defaultValue = d.Steps) }
        LrFind.validate s
        let e = experiment train
        let asJson = train.Has Json
        let plots = chartSource train
        let out = outFolder train
        let prepared = Run.prepare e
        Files.ensureDirectory out
        let r = LrFind.run s prepared
        let written = LrFindOutputs.writeFiles out plots r
        if asJson then
            printfn "%s" (LrFindOutputs.json r)
        else
            let last = Array.last r.Points
            let why = if r.StoppedEarly then $"stopped at step {last.Step} (rate {last.Rate:G3}): the smoothed loss passed {LrFind.StopFactor}x its minimum" else $"all {s.Steps} steps taken"
            printfn "[INFO] learning-rate range test from %g to %g: %s" s.MinRate s.MaxRate why
            printfn "[INFO] suggested learning rate (steepest descent of the smoothed loss): %s" (r.Steepest.ToString "G4")
            printfn "[INFO] the minimum's rate / 10: %s" (r.MinimumOver10.ToString "G4")
        InfoLines.wrote asJson written
        EarlierOutputs.remove asJson out LrFindOutputs.fileNames written
        ExitCode.Ok)
