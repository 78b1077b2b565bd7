/// The lesson's equation (1) checked: the analytic gradient the kernels compute against central differences of the
/// objective, ∂f/∂wⱼ ≈ (f(w + h·eⱼ) − f(w − h·eⱼ)) / 2h, for every weight, with the relative error
/// |analytic − numerical| / max(|analytic|, |numerical|, 1): relative for derivatives of magnitude 1 and more, absolute
/// below (a derivative near zero has no meaningful relative error, and the differences' rounding, about ε·|f|/h, is
/// absolute).
/// The objective is the one the kernels differentiate: loss + penalty for the log loss, ½·Σ(σ(z) − y)² + penalty for
/// the squared error (the lesson drops the 2 of e²'s derivative, so its gradient is that of half the loss it reports).
module Descent.GradCheck

open System
open System.Diagnostics
open Descent.Core

type At =
    | AtInitial
    | AtFinal

/// The weights checked at, by name (--at, the report, the JSON's "at").
let atNames = [ "initial", AtInitial; "final", AtFinal ]

type Settings =
    { At: At
      H: float
      Tolerance: float }

let defaults = { At = AtInitial; H = 1e-6; Tolerance = 1e-6 }

/// The factor on the data term whose gradient the kernels compute (see the module's comment).
let objectiveScale (loss: LossKind) =
    match loss with
    | LossKind.SquaredError -> 0.5
    | _ -> 1.0

/// The margins (2y − 1)·z where a piecewise loss has no derivative; the smooth losses have none.
let kinks (loss: LossKind) : float list =
    match loss with
    | LossKind.Hinge -> [ 1.0 ]
    | LossKind.Perceptron -> [ 0.0 ]
    | _ -> []

type Row =
    { Index: int
      Name: string
      Analytic: float
      Numerical: float
      /// None when the weight sits at a kink: a step of ±h moves some row's margin across one.
      RelativeError: float option }

type Result =
    { Settings: Settings
      Weights: float[]
      Rows: Row list
      MaxRelativeError: float
      Skipped: int
      /// Seconds for one analytic gradient and for one whole numerical one (means of several).
      AnalyticSeconds: float
      NumericalSeconds: float
      /// Loss evaluations the numerical gradient took.
      Evaluations: int }

    member r.Passed = r.MaxRelativeError <= r.Settings.Tolerance

let validate (s: Settings) =
    if not (Double.IsFinite s.H) || s.H <= 0.0 then Fail.setting DifferenceStep $"must be a finite number > 0 (got {s.H})"
    if not (Double.IsFinite s.Tolerance) || s.Tolerance <= 0.0 then Fail.setting CheckTolerance $"must be a finite number > 0 (got {s.Tolerance})"

let relativeError (a: float) (n: float) = abs (a - n) / max 1.0 (max (abs a) (abs n))

/// Whether moving weight `i` by ±h moves some row's margin across one of the loss's kinks; `scores` are the rows'
/// scores at `w` (class-major), computed once for all the weights and only if a margin is looked at.
let private atKink (rows: TrainingLoss.Rows) (kinks: float list) (w: float[]) (scores: Lazy<float[]>) (h: float) (i: int) =
    // |w| is not differentiable at 0: an L1-penalised weight within h of it is at a kink.
    if rows.L1 > 0.0 && i % rows.Features <> rows.Features - 1 && abs w.[i] <= h then
        true
    // The multi-class hinge's kinks (z_j − z_y + 1 = 0) are not margins of one output: not detected here.
    elif kinks.IsEmpty || (rows.Outputs > 2 && rows.Loss = LossKind.Hinge) then
        false
    else
        let d, n = rows.Features, rows.Rows
        let j, k = i % d, i / d
        let scores = scores.Value
        seq { 0 .. n - 1 }
        |> Seq.exists (fun r ->
            // The margin losses' targets are ±(the class's weight): the sign is t = 2y − 1.
            let sign = float (Math.Sign rows.Targets.[k * n + r])
            let z, step = scores.[k * n + r], h * rows.X.[j * n + r]
            step <> 0.0 && kinks |> List.exists (fun kink -> (sign * (z - step) - kink) * (sign * (z + step) - kink) <= 0.0))

/// Checks the gradient at weights `w` (class-major) of the prepared experiment.
let run (s: Settings) (p: Run.Prepared) (w: float[]) : Result =
    validate s
    let rows = TrainingLoss.ofPrepared p
    let w = Array.copy w
    use engine = new GradientEngine<float>(rows.Loss, rows.Features, rows.Outputs)
    let scale = objectiveScale rows.Loss
    let gradient = Array.zeroCreate rows.Size
    let objective (v: float[]) = scale * engine.Compute(rows.XRows, rows.YRows, ReadOnlySpan v, Span gradient) + TrainingLoss.penalty rows v
    // The analytic gradient: the kernel's Xᵀd plus λ·W, timed over enough repeats to be measurable.
    let analytic = Array.zeroCreate rows.Size
    let repeats = 20
    // Both are compiled and warmed before they are timed.
    TrainingLoss.withGradient rows engine w analytic |> ignore
    objective w |> ignore
    let clock = Stopwatch.StartNew()
    for _ in 1 .. repeats do
        TrainingLoss.withGradient rows engine w analytic |> ignore
    let analyticSeconds = clock.Elapsed.TotalSeconds / float repeats
    let analytic = Array.copy analytic
    let kinks = kinks rows.Loss
    let scores = lazy (Model.scores w rows.Outputs ({ Data = rows.X; Rows = rows.Rows; Cols = rows.Features }: Matrix))
    let probe = Array.copy w
    let numerical () =
        Array.init rows.Size (fun i ->
            probe.[i] <- w.[i] + s.H
            let up = objective probe
            probe.[i] <- w.[i] - s.H
            let down = objective probe
            probe.[i] <- w.[i]
            (up - down) / (2.0 * s.H))
    numerical () |> ignore
    let numericalRepeats = 5
    let clock = Stopwatch.StartNew()
    for _ in 2 .. numericalRepeats do
        numerical () |> ignore
    let numerical = numerical ()
    let numericalSeconds = clock.Elapsed.TotalSeconds / float numericalRepeats
    let name = TrainingLoss.weightName p.Schema rows.Features rows.Outputs
    let table =
        [ for i in 0 .. rows.Size - 1 ->
              { Index = i
                Name = name i
                Analytic = analytic.[i]
                Numerical = numerical.[i]
                RelativeError = if atKink rows kinks w scores s.H i then None else Some(relativeError analytic.[i] numerical.[i]) } ]
    let errors = table |> List.choose _.RelativeError
    { Settings = s
      Weights = w
      Rows = table
      MaxRelativeError = (if errors.IsEmpty then 0.0 else List.max errors)
      Skipped = table |> List.filter (fun r -> r.RelativeError.IsNone) |> List.length
      AnalyticSeconds = analyticSeconds
      NumericalSeconds = numericalSeconds
      Evaluations = 2 * rows.Size }

/// Checks a network's gradient (backpropagation through every layer) at the flat weights `w` of the prepared
/// experiment. The kinks of relu and of the piecewise losses are not detected: a step of ±h rarely crosses one, and a
/// weight it does cross shows as an error.
let runNetwork (s: Settings) (p: Run.Prepared) (w: float[]) : Result =
    validate s
    let n = TrainingLoss.ofPreparedNetwork p
    let w = Array.copy w
    use ws = TrainingLoss.networkWorkspace n
    let size = n.Layout.WeightCount
    let scale = objectiveScale n.Rows.Loss
    let objective (v: float[]) = scale * ws.LossOf(n.Rows.XRows, n.Rows.YRows, ReadOnlySpan v) + TrainingLoss.networkPenalty n v
    let analytic = Array.zeroCreate size
    let repeats = 20
    TrainingLoss.networkWithGradient n ws w analytic |> ignore
    objective w |> ignore
    let clock = Stopwatch.StartNew()
    for _ in 1 .. repeats do
        TrainingLoss.networkWithGradient n ws w analytic |> ignore
    let analyticSeconds = clock.Elapsed.TotalSeconds / float repeats
    let analytic = Array.copy analytic
    let probe = Array.copy w
    let numerical () =
        Array.init size (fun i ->
            probe.[i] <- w.[i] + s.H
            let up = objective probe
            probe.[i] <- w.[i] - s.H
            let down = objective probe
            probe.[i] <- w.[i]
            (up - down) / (2.0 * s.H))
    let clock = Stopwatch.StartNew()
    let numerical = numerical ()
    let numericalSeconds = clock.Elapsed.TotalSeconds
    let atL1Kink i = n.Rows.L1 > 0.0 && not (n.Layout.IsBias i) && abs w.[i] <= s.H
    let table =
        [ for i in 0 .. size - 1 ->
              { Index = i
                Name = TrainingLoss.networkWeightName n.Layout i
                Analytic = analytic.[i]
                Numerical = numerical.[i]
                RelativeError = if atL1Kink i then None else Some(relativeError analytic.[i] numerical.[i]) } ]
    let errors = table |> List.choose _.RelativeError
    { Settings = s
      Weights = w
      Rows = table
      MaxRelativeError = (if errors.IsEmpty then 0.0 else List.max errors)
      Skipped = table |> List.filter (fun r -> r.RelativeError.IsNone) |> List.length
      AnalyticSeconds = analyticSeconds
      NumericalSeconds = numericalSeconds
      Evaluations = 2 * size }

/// The table and the summary lines `descent gradcheck` prints.
let format (r: Result) =
    let sb = Text.StringBuilder()
    let line (s: string) = sb.Append(s).Append('\n') |> ignore
    let width = r.Rows |> List.map (fun row -> row.Name.Length) |> List.fold max "weight".Length
    line $"""{"weight".PadRight width}  {"analytic",24}  {"numerical",24}  {"relative error",14}"""
    for row in r.Rows do
        let err = match row.RelativeError with Some e -> e.ToString("0.00e+00") | None -> "skipped (kink)"
        line $"""{row.Name.PadRight width}  {row.Analytic.ToString("R"),24}  {row.Numerical.ToString("R"),24}  {err,14}"""
    sb.ToString()
