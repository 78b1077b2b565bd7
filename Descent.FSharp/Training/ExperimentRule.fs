/// An experiment's update rule as the core's IUpdateRule (Core.CSharp/Updates: torch.optim 1.13's rules as operators on
/// the shared update driver, their formulas in each rule's doc comment), with its state allocated once per run.
module Descent.ExperimentRule

open System.Numerics
open Descent.Core

/// The core's kind of rule for `e`: gd and sgd are torch's SGD, plain, with momentum or with Nesterov's look-ahead.
let kind (e: Experiment) : UpdateRuleKind =
    match e.Optimizer with
    | Gd
    | Sgd when e.Momentum = 0.0 -> UpdateRuleKind.Plain
    | Gd
    | Sgd when e.Nesterov -> UpdateRuleKind.Nesterov
    | Gd
    | Sgd -> UpdateRuleKind.Momentum
    | Adagrad -> UpdateRuleKind.Adagrad
    | RMSprop -> UpdateRuleKind.RmsProp
    | Adam -> UpdateRuleKind.Adam
    | AdamW -> UpdateRuleKind.AdamW
    | NAdam -> UpdateRuleKind.NAdam
    | RAdam -> UpdateRuleKind.RAdam
    | Adamax -> UpdateRuleKind.Adamax
    | Adadelta -> UpdateRuleKind.Adadelta

/// The core's settings for `e`'s rule over weights of `features` per output (the bias last): every hyperparameter the
/// rule reads from the experiment (ε and ρ resolved to the rule's torch default when not set), the others at the
/// core's defaults.
let settings (e: Experiment) (features: int) : UpdateSettings =
    UpdateSettings(
        kind e,
        features,
        Momentum = (if Applies.momentum e.Optimizer then e.Momentum else 0.0),
        Beta1 = e.Beta1,
        Beta2 = e.Beta2,
        Eps = Experiment.epsilon e,
        AmsGrad = (Applies.amsgrad e.Optimizer && e.Amsgrad),
        Rho = (if Applies.rho e.Optimizer then Experiment.rho e else 0.0),
        Centered = (Applies.centered e.Optimizer && e.Centered),
        MomentumDecay = e.MomentumDecay,
        WeightDecay = (if Applies.weightDecay e.Optimizer then e.WeightDecay else 0.0)
    )

/// `e`'s rule for `features × outputs` weights in the element type 'T.
let create<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> System.ValueType and 'T :> IBinaryFloatingPointIeee754<'T>>
    (e: Experiment) (features: int) (outputs: int) : IUpdateRule<'T> =
    Core.UpdateRule.Create<'T>(settings e features, features * outputs)
