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

/// A network's training rows: the loss at any flat weights (Core's layout) over every training row, plus the
/// penalties on the layers' non-bias rows, in float64, as a batch-GD epoch reports it.
type NetworkRows =
    { Rows: Rows
      Layout: NetworkLayout
      Activation: ActivationKind }

/// The prepared experiment's network and training rows (its Architecture must have hidden layers).
let ofPreparedNetwork (p: Run.Prepared) : NetworkRows =
    let rows = ofPrepared p
    { Rows = rows
      Layout = Network.layout p.Experiment.Architecture rows.Features rows.Outputs
      Activation = p.Experiment.Architecture.Activation }

/// ½·λ₂·‖W‖² + λ₁·‖W‖₁ over every layer's non-bias rows.
let networkPenalty (n: NetworkRows) (w: float[]) =
    (if n.Rows.L2 > 0.0 then NetworkPenalties.L2(n.Layout, ReadOnlySpan w, n.Rows.L2) else 0.0)
    + (if n.Rows.L1 > 0.0 then NetworkPenalties.L1(n.Layout, ReadOnlySpan w, n.Rows.L1) else 0.0)

/// A workspace for the whole training set of `n` (dispose it when done).
let networkWorkspace (n: NetworkRows) = new NetworkWorkspace<float>(n.Layout, n.Activation, n.Rows.Loss, n.Rows.Rows)

/// Loss plus penalty at the flat weights `w` and its gradient (into `gradient`): the L2 term's λ·W and the L1 term's
/// subgradient λ·sign(w) on the non-bias rows.
let networkWithGradient (n: NetworkRows) (ws: NetworkWorkspace<float>) (w: float[]) (gradient: float[]) : float =
    let loss = ws.Compute(n.Rows.XRows, n.Rows.YRows, ReadOnlySpan w, Span gradient)
    if n.Rows.L2 > 0.0 then NetworkPenalties.AddL2(n.Layout, Span gradient, ReadOnlySpan w, n.Rows.L2)
    if n.Rows.L1 > 0.0 then
        for i in 0 .. w.Length - 1 do
            if not (n.Layout.IsBias i) then gradient.[i] <- gradient.[i] + n.Rows.L1 * float (sign w.[i])
    loss + networkPenalty n w

/// Loss plus penalty at the flat weights `w`, forward only.
let networkLoss (n: NetworkRows) (ws: NetworkWorkspace<float>) (w: float[]) : float =
    ws.LossOf(n.Rows.XRows, n.Rows.YRows, ReadOnlySpan w) + networkPenalty n w

/// Loss plus penalty at each of `weights` (flat), forward only.
let networkAt (n: NetworkRows) (weights: float[] seq) : float[] =
    use ws = networkWorkspace n
    [| for w in weights -> networkLoss n ws w |]

/// The output scores at flat weights `w` of any rows `x` (the bias column last), column-major rows × outputs: a
/// decision-region grid's classes are Model.classesOfScores of these.
let networkScores (n: NetworkRows) (w: float[]) (x: Matrix) : float[] = Network.scores n.Layout n.Activation n.Rows.Loss w x

/// "W2[3,1]", "W1[bias,0]": the name of flat weight `i` of a network (layer, input row, unit; 1-based layers).
let networkWeightName (layout: NetworkLayout) (i: int) =
    let l = seq { 0 .. layout.Layers - 1 } |> Seq.findBack (fun l -> layout.Offset l <= i)
    let within = i - layout.Offset l
    let r, c = within / layout.Columns l, within % layout.Columns l
    let row = if r = layout.Rows l - 1 then "bias" else string r
    $"W{l + 1}[{row},{c}]"
