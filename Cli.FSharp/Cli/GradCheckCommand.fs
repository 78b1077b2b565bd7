/// `descent gradcheck`: the analytic gradient against central differences at the initial or final weights.
module Descent.Cli.GradCheckCommand

open Argu
open Descent
open Descent.Cli.TrainArgs

type GradCheckArgs =
    | [<Unique>] At of string
    | [<Unique>] H of float
    | [<Unique>] Tolerance of float

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | At _ -> "initial or final: the weights the gradient is checked at (final trains first) (default: initial)."
            | H _ -> $"the step of the central differences, > 0 (default: {GradCheck.defaults.H})."
            | Tolerance _ -> $"the largest relative error that passes, > 0; above it the exit code is 3 (default: {GradCheck.defaults.Tolerance})."

let verb =
    { VerbArgs.verb<GradCheckArgs>
        "gradcheck"
        [ "it writes no files", [ "--out"; "--save-model" ]
          "it prints the table", [ "--print-every" ]
          "it writes no files", [ "--record-weights" ]
          "it draws no charts", [ "--no-plots"; "--plotly-js" ] ] with
        Note = "; --out, --save-model, --print-every, --record-weights and the chart flags do not apply" }

let run =
    VerbArgs.run verb (fun cancel own train ->
        let d = GradCheck.defaults
        let at = FlagValues.parseOr "--at" GradCheck.atNames d.At (own.TryValue At)
        let s: GradCheck.Settings =
            { At = at
              H = own.Value(H, defaultValue = d.H)
              Tolerance = own.Value(Tolerance, defaultValue = d.Tolerance) }
        GradCheck.validate s
        let e = experiment train
        let asJson = train.Has Json
        let prepared = Run.prepare e
        let outputs = Model.outputsOf prepared.Experiment.Loss prepared.Schema.Classes.Length
        let network = Experiment.isNetwork e
        let w =
            match at with
            | GradCheck.AtInitial when network ->
                Network.initialWeights e.Architecture.Init e.InitSeed (Network.layout e.Architecture prepared.Train.X.Cols outputs)
            | GradCheck.AtInitial -> Model.initialWeights e.InitSeed prepared.Train.X.Cols outputs
            | GradCheck.AtFinal -> (Run.train prepared ignore cancel).Outcome.Weights
        let r = if network then GradCheck.runNetwork s prepared w else GradCheck.run s prepared w
        let atName = Names.nameOf GradCheck.atNames at
        let objective = if GradCheck.objectiveScale e.Loss = 0.5 then "½·loss + penalty (the lesson's gradient drops the 2 of e²)" else "loss + penalty"
        let ms (seconds: float) = (seconds * 1000.0).ToString("0.000")
        let timing =
            $"analytic gradient {ms r.AnalyticSeconds} ms (one pass over the rows); numerical {ms r.NumericalSeconds} ms ({r.Evaluations} loss evaluations, 2 per weight): {r.NumericalSeconds / r.AnalyticSeconds:F0}x slower, and the gap grows with the weights"
        if asJson then
            printfn "%s" (Json.toText (fun w ->
                w.WriteStartObject()
                w.WriteString("at", atName)
                w.WriteString("loss", Names.lossName e.Loss)
                w.WriteNumber("h", s.H)
                w.WriteNumber("tolerance", s.Tolerance)
                w.WriteNumber("maxRelativeError", r.MaxRelativeError)
                w.WriteNumber("skipped", r.Skipped)
                w.WriteBoolean("passed", r.Passed)
                r.Rows |> Json.objects w "weights" (fun w row ->
                    w.WriteNumber("index", row.Index)
                    w.WriteString("name", row.Name)
                    w.WriteNumber("analytic", row.Analytic)
                    w.WriteNumber("numerical", row.Numerical)
                    match row.RelativeError with
                    | Some v -> w.WriteNumber("relativeError", v)
                    | None -> w.WriteNull "relativeError")
                Json.nestedObject w "timings" (fun w ->
                    w.WriteNumber("analyticSeconds", r.AnalyticSeconds)
                    w.WriteNumber("numericalSeconds", r.NumericalSeconds))
                w.WriteEndObject()))
        else
            printfn "[INFO] gradient check at the %s weights, loss %s: the objective %s, h %g" atName (Names.lossName e.Loss) objective s.H
            printf "%s" (GradCheck.format r)
            printfn "[INFO] worst relative error %s (tolerance %g); %d weight(s) at a kink skipped" (r.MaxRelativeError.ToString "0.00e+00") s.Tolerance r.Skipped
        InfoLines.line asJson $"[INFO] {timing}"
        if r.Passed then
            ExitCode.Ok
        else
            eprintfn "descent: the gradient check failed: worst relative error %s > --tolerance %g" (r.MaxRelativeError.ToString "0.00e+00") s.Tolerance
            ExitCode.NumericalFailure)
