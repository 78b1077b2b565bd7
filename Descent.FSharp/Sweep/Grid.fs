/// Grids of experiments: the cartesian product of a few settings over a base experiment.
///
///   Experiment.lesson |> Grid.expand [ Grid.optimizers [ Optimizer.gd; Optimizer.sgd ]; Grid.batchSizes [ 16; 32 ]; Grid.alphas [ 0.1; 0.01 ] ]
module Descent.Grid

/// One setting and the variants of an experiment along it.
type Axis =
    { Name: string
      Variants: (Experiment -> Experiment) list }

/// An axis that sets one value per variant.
let axis (name: string) (set: 'a -> Experiment -> Experiment) (values: 'a list) : Axis =
    { Name = name; Variants = values |> List.map set }

/// An axis of arbitrary changes, e.g. [ Experiment.gd; Experiment.sgd 32 >> Experiment.withMomentum 0.9 ].
let variants (name: string) (changes: (Experiment -> Experiment) list) : Axis = { Name = name; Variants = changes }

let alphas (values: float list) = axis "alphas" Experiment.withAlpha values
let batchSizes (values: int list) = axis "batch sizes" (fun b (e: Experiment) -> { e with BatchSize = b }) values
/// Momentum values, set on the rules that read a momentum (gd, sgd, rmsprop; the others run once); a base experiment
/// with Nesterov keeps it.
let momenta (values: float list) =
    axis "momenta" (fun mu (e: Experiment) -> { e with Optimizer = Optimizer.setWhereRead Setting.Momentum (Real mu) e.Optimizer }) values
/// Update rules, each with its own settings (Optimizer.gd, Optimizer.adam, …).
let optimizers (values: Optimizer list) = axis "optimizers" Experiment.withOptimizer values
let epochs (values: int list) = axis "epochs" Experiment.withEpochs values
let initSeeds (values: int64 list) = axis "init seeds" Experiment.withInitSeed values
let l2s (values: float list) = axis "l2" Experiment.withL2 values
let losses (values: Core.LossKind list) = axis "losses" Experiment.withLoss values

/// The number of combinations before duplicates are dropped (int64: a grid too large to build can still be counted).
let combinations (axes: Axis list) : int64 =
    axes |> List.fold (fun n a -> n * int64 a.Variants.Length) 1L

/// Batch GD reads neither the batch size nor the shuffle flag; resetting them to the base's makes runs that differ
/// only there equal, so `gd × [16; 32; 64]` runs GD once, exactly as `descent train --optimizer gd` would.
let private normalize (baseline: Experiment) (e: Experiment) =
    if Experiment.readsBatches e then e else { e with BatchSize = baseline.BatchSize; Shuffle = baseline.Shuffle }

/// The cartesian product of the axes over `baseline`: the first axis outermost, the last varying fastest. Runs that
/// differ only in settings that do not apply to them appear once, at their first position.
let expand (axes: Axis list) (baseline: Experiment) : Experiment list =
    axes
    |> List.fold (fun grid a -> [ for e in grid do for change in a.Variants -> change e ]) [ baseline ]
    |> List.map (normalize baseline)
    |> List.distinct
