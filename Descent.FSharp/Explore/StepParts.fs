/// Each point of a trained path with its update rule's next step taken apart (the landscape's arrows): the gradient,
/// what the rule's carried state (velocity, moments) adds, and the rest — the adaptive scaling. At θ_t, the weights
/// after t epochs, with S_t the rule's state as training left it there and α_t the rate of epoch t + 1:
///
///   step     = Δ(S_t, g)                          the update from θ_t along the full-batch gradient g
///   gradient = −α_t·g
///   momentum = Δ(S_t, 0) − Δ(S_t⁰, 0)             S_t⁰: S_t with its arrays zeroed (same step count)
///   scaling  = step − gradient − momentum
///
/// Δ is the whole update a batch makes after its gradient (clipping, AdamW's decay, the rule, L1's proximal step),
/// made by the run's own trainer on one batch of every training row from a copy of the saved state, so for batch GD
/// `step` is the path's next displacement to the bit. Subtracting Δ(S_t⁰, 0) keeps what moves the weights without any
/// state (AdamW's decay, L1's shrink) out of `momentum`.
module Descent.StepParts

open System
open System.Numerics
open Descent.Core

/// One point's next step in parts, each a displacement of the whole weight vector (the path's layout); the parts sum to
/// Step.
type Parts =
    { /// t: the step starts at the path's point t, the weights after t epochs.
      Epoch: int
      Gradient: float[]
      Momentum: float[]
      Scaling: float[]
      Step: float[] }

/// The steps from θ_t for every t with a next point, computed in 'T by a trainer over all the rows as one batch.
let private compute<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (p: Run.Prepared) (o: Training.Outcome) : Parts[] =
    let e = p.Experiment
    let history = o.History
    let states = history.RuleStates
    if history.Rates.Length <> states.Length || history.Weights.Length <> states.Length then
        invalidArg (nameof o) $"the run kept {states.Length} rule states, {history.Rates.Length} rates and {history.Weights.Length} weights (train it with Training.EveryEpochWithRuleState)"
    let rows = p.Train.X.Rows
    // One batch of every row, in order: the trainer's Step is then a batch-GD epoch.
    let whole = { e with BatchSize = rows; Shuffle = false }
    let x = Training.convertFirst<'T> (rows * p.Train.X.Cols) p.Train.X.Data
    let targets = Array.map Numeric.FromDouble<'T> p.TrainTargets
    let lossRows = TrainingLoss.ofPrepared p
    let size = o.InitialWeights.Length
    let g = Array.zeroCreate<float> size
    let zeros = Array.zeroCreate<'T> size
    let parts (w: 'T[]) (rule: IUpdateRule<'T>) (step: float -> unit) (stepAlong: 'T[] -> float -> unit) (gradientAt: float[] -> unit) =
        Array.init states.Length (fun t ->
            let theta = if t = 0 then o.InitialWeights else snd history.Weights.[t - 1]
            let rate = history.Rates.[t]
            let moved (state: UpdateRuleState) (take: unit -> unit) =
                for i in 0 .. size - 1 do
                    w.[i] <- Numeric.FromDouble<'T> theta.[i]
                rule.LoadState state
                take ()
                Array.init size (fun i -> Numeric.ToDouble w.[i] - theta.[i])
            let full = moved states.[t] (fun () -> step rate)
            let carried = moved states.[t] (fun () -> stepAlong zeros rate)
            let still = moved (states.[t].WithArraysZeroed()) (fun () -> stepAlong zeros rate)
            gradientAt theta
            let gradient = Array.map (fun v -> -rate * v) g
            let momentum = Array.map2 (-) carried still
            { Epoch = t
              Gradient = gradient
              Momentum = momentum
              Scaling = Array.init size (fun i -> full.[i] - gradient.[i] - momentum.[i])
              Step = full })
    match Training.Outcome.layout o with
    | Some layout ->
        let n = TrainingLoss.ofPreparedNetwork p
        use ws = TrainingLoss.networkWorkspace n
        use trainer = Training.networkTrainer<'T> whole layout x targets rows o.InitialWeights
        parts trainer.Weights trainer.Rule
            (fun rate -> trainer.Step(0, rows, rate) |> ignore)
            (fun along rate -> trainer.StepAlong(ReadOnlySpan along, rate))
            (fun theta -> TrainingLoss.networkWithGradient n ws theta g |> ignore)
    | None ->
        use engine = new GradientEngine<float>(lossRows.Loss, lossRows.Features, lossRows.Outputs)
        use trainer = Training.batchTrainer<'T> whole x targets rows o.Features o.Outputs o.InitialWeights
        parts trainer.Weights trainer.Rule
            (fun rate -> trainer.Step(0, rows, rate) |> ignore)
            (fun along rate -> trainer.StepAlong(ReadOnlySpan along, rate))
            (fun theta -> TrainingLoss.withGradient lossRows engine theta g |> ignore)

/// The parts of the next step at every point of `o`'s path but the last, `o` being `p`'s experiment trained with
/// Training.EveryEpochWithRuleState. The steps are taken in the run's precision; the gradient is float64's.
let ofRun (p: Run.Prepared) (o: Training.Outcome) : Parts[] =
    match p.Experiment.Precision with
    | Float64 -> compute<float> p o
    | Float32 -> compute<float32> p o
