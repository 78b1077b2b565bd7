/// The learning-rate range test (Smith 2015, "Cyclical Learning Rates for Training Neural Networks"; fastai's
/// lr_find): from the initial weights, one update per mini-batch with the rate rising geometrically,
/// rate_i = min · (max / min)^(i / (steps − 1)), recording each batch's loss and its exponentially smoothed,
/// bias-corrected value s_i = m_i / (1 − β^(i+1)) with m_i = β·m_{i−1} + (1 − β)·loss_i; it stops once s_i exceeds 4×
/// its minimum so far or is not finite.
module Descent.LrFind

open System
open Descent.Core

type Settings =
    { MinRate: float
      MaxRate: float
      Steps: int }

let defaults = { MinRate = 1e-7; MaxRate = 10.0; Steps = 100 }

/// The smoothing factor β of the recorded loss.
[<Literal>]
let Beta = 0.98

/// The test stops once the smoothed loss exceeds this multiple of its minimum.
[<Literal>]
let StopFactor = 4.0

type Point =
    { Step: int
      Rate: float
      /// The batch's loss plus penalty before its update.
      Loss: float
      Smoothed: float }

type Result =
    { Settings: Settings
      Points: Point[]
      /// Why it ended: all steps taken, or the smoothed loss blew up at the last point.
      StoppedEarly: bool
      /// The rate where the smoothed loss falls fastest against log(rate) (its slope over ±a tenth of the points).
      Steepest: float
      /// The rate at the smoothed loss's minimum, divided by 10.
      MinimumOver10: float }

let validate (s: Settings) =
    let positive setting (v: float) =
        if not (Double.IsFinite v) || v <= 0.0 then Fail.setting setting $"must be a finite number > 0 (got {v})"
    positive MinLearningRate s.MinRate
    positive MaxLearningRate s.MaxRate
    if s.MinRate >= s.MaxRate then Fail.setting MinLearningRate $"must be less than {MaxLearningRate.Token} (got {s.MinRate} >= {s.MaxRate})"
    if s.Steps < 2 then Fail.setting LrSteps $"must be an integer >= 2 (got {s.Steps})"

/// The step's rate.
let rate (s: Settings) (i: int) = s.MinRate * (s.MaxRate / s.MinRate) ** (float i / float (s.Steps - 1))

/// The slope of `y` per step over ±k steps (k = 1 is numpy.gradient: central inside, one-sided at the ends).
let slope (k: int) (y: float[]) =
    let n = y.Length
    if n < 2 then Array.zeroCreate n
    else
        Array.init n (fun i ->
            let lo, hi = max 0 (i - k), min (n - 1) (i + k)
            (y.[hi] - y.[lo]) / float (hi - lo))

/// Points left out of the suggestions at the start (where the smoothed loss still carries its bias and the first
/// batches' differences) and at the end (where it blows up), as fastai's lr_find does, when there are enough.
[<Literal>]
let SkipStart = 10

[<Literal>]
let SkipEnd = 5

/// The two suggestions from the points (the last one dropped when it is where the test blew up).
let suggest (points: Point[]) (stoppedEarly: bool) =
    let kept = if stoppedEarly && points.Length > 2 then points.[.. points.Length - 2] else points
    let usable = if kept.Length > SkipStart + SkipEnd + 2 then kept.[SkipStart .. kept.Length - 1 - SkipEnd] else kept
    let smoothed = usable |> Array.map _.Smoothed
    // Over ±a tenth of the points: consecutive batches' losses differ by their rows, and a one-step difference
    // would pick that noise instead of the descent.
    let g = slope (max 1 (smoothed.Length / 10)) smoothed
    let steepest = g |> Array.mapi (fun i v -> i, v) |> Array.filter (snd >> Double.IsFinite) |> Array.minBy snd |> fst
    let lowest = smoothed |> Array.mapi (fun i v -> i, v) |> Array.filter (snd >> Double.IsFinite) |> Array.minBy snd |> fst
    usable.[steepest].Rate, usable.[lowest].Rate / 10.0

/// Runs the test on a prepared experiment (its optimizer, batch size, momentum, penalty and loss; float64).
let run (s: Settings) (p: Run.Prepared) : Result =
    validate s
    let e = p.Experiment
    let rows = TrainingLoss.ofPrepared p
    let rng = RandomState(e.InitSeed)
    // The linear model's trainer or a network's: both step a batch at a given rate the same way.
    let newEpoch, batchSize, step, trainer =
        if Experiment.isNetwork e then
            let layout = Network.layout e.Architecture rows.Features rows.Outputs
            let initial = Network.drawInitialWeights e.Architecture.Init rng layout
            let t = Training.networkTrainer<float> e layout rows.X rows.Targets rows.Rows initial
            (fun () -> t.NewEpoch rng), t.BatchSize, (fun start m r -> t.Step(start, m, r)), (t :> IDisposable)
        else
            let initial = Model.drawInitialWeights rng rows.Features rows.Outputs
            let t = Training.batchTrainer<float> e rows.X rows.Targets rows.Rows rows.Features rows.Outputs initial
            (fun () -> t.NewEpoch rng), t.BatchSize, (fun start m r -> t.Step(start, m, r)), (t :> IDisposable)
    use _ = trainer
    let points = ResizeArray()
    let mutable mean = 0.0
    let mutable best = Double.PositiveInfinity
    let mutable start = rows.Rows
    let mutable stop = false
    let mutable i = 0
    while not stop && i < s.Steps do
        if start >= rows.Rows then
            start <- 0
            newEpoch ()
        let m = min batchSize (rows.Rows - start)
        let r = rate s i
        let loss = step start m r
        start <- start + m
        mean <- Beta * mean + (1.0 - Beta) * loss
        let smoothed = mean / (1.0 - Beta ** float (i + 1))
        points.Add { Step = i + 1; Rate = r; Loss = loss; Smoothed = smoothed }
        if not (Double.IsFinite smoothed) || smoothed > StopFactor * best then stop <- true
        best <- min best smoothed
        i <- i + 1
    let points = points.ToArray()
    let steepest, minimum = suggest points stop
    { Settings = s; Points = points; StoppedEarly = stop; Steepest = steepest; MinimumOver10 = minimum }
