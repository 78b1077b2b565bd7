/// The training loss at any weights, as a batch-GD epoch reports it: the loss over all training rows (each row weighted
/// by its class, as training weighs it) plus the L2 and L1 penalties, in float64. The landscape's paths, the lr-find and the gradient check all measure with it.
module Descent.TrainingLoss

open System
open Descent.Core

/// One experiment's training rows ready for loss evaluations (float64, targets one column per output).
type Rows =
    { Loss: LossKind
      L2: float
      /// The L1 coefficient (--l1, or the elastic net's share); its proximal step has no gradient of its own, so the
      /// gradient adds its subgradient λ·sign(w).
      L1: float
      /// Column-major, Rows × Features values first; the array may be longer (a reader's own array).
      X: float[]
      Targets: float[]
      Rows: int
      Features: int
      Outputs: int }

    member r.Size = r.Features * r.Outputs

    member r.XRows = ColumnMajorRows<float>.Whole(ReadOnlySpan r.X, r.Rows, r.Features)
    member r.YRows = ColumnMajorRows<float>.Whole(ReadOnlySpan r.Targets, r.Rows, r.Outputs)

let ofPrepared (p: Run.Prepared) : Rows =
    let e = p.Experiment
    let outputs = Model.outputsOf e.Loss p.Schema.Classes.Length
    { Loss = e.Loss
      L2 = Experiment.l2Of e
      L1 = Experiment.l1Of e
      // The split's array as it is (it may run past Rows × Features, as a reader's does): every use reads a view.
      X = p.Train.X.Data
      Targets = Model.targetsOf e.Loss outputs p.ClassWeights p.Train.Y
      Rows = p.Train.X.Rows
      Features = p.Train.X.Cols
      Outputs = outputs }

/// ½·λ₂·‖W‖² + λ₁·‖W‖₁ over every weight but the biases (what a GD epoch adds to its loss).
let penalty (r: Rows) (w: float[]) =
    (if r.L2 > 0.0 then UpdateRules.L2Penalty(ReadOnlySpan w, r.L2, r.Features) else 0.0)
    + (if r.L1 > 0.0 then L1.Penalty(ReadOnlySpan w, r.L1, r.Features) else 0.0)

/// Loss plus penalty at `w` and the gradient the training kernels compute (written into `gradient`), as one GD epoch
/// computes them before its update.
let withGradient (r: Rows) (engine: GradientEngine<float>) (w: float[]) (gradient: float[]) : float =
    let loss = engine.Compute(r.XRows, r.YRows, ReadOnlySpan w, Span gradient)
    if r.L2 > 0.0 then UpdateRules.AddL2(Span gradient, ReadOnlySpan w, r.L2, r.Features)
    if r.L1 > 0.0 then
        for i in 0 .. w.Length - 1 do
            if i % r.Features <> r.Features - 1 then gradient.[i] <- gradient.[i] + r.L1 * float (sign w.[i])
    loss + penalty r w

/// Loss plus penalty at each of `weights`.
let at (r: Rows) (weights: float[] seq) : float[] =
    use engine = new GradientEngine<float>(r.Loss, r.Features, r.Outputs)
    let g = Array.zeroCreate r.Size
    [| for w in weights -> withGradient r engine w g |]

/// "x0", "bias", "x1[setosa]": the name of flattened (class-major) weight `i` of a model on `schema`'s features.
let weightName (schema: Schema) (features: int) (outputs: int) (i: int) =
    let j, k = i % features, i / features
    let name = if j = features - 1 then "bias" else schema.FeatureNames.[j]
    if outputs = 1 then name else $"{name}[{schema.Classes.[k]}]"
