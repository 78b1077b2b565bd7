/// An experiment's update rule as the core's IUpdateRule (Core.CSharp/Updates: torch.optim 1.13's rules as operators on
/// the shared update driver, their formulas in each rule's doc comment), with its state allocated once per run.
module Descent.ExperimentRule

open System.Numerics
open Descent.Core

/// The core's kind of rule for `e`: gd and sgd are torch's SGD, plain, with momentum or with Nesterov's look-ahead.
let kind (e: Experiment) : UpdateRuleKind =
    match e.Optimizer with
    | Gd s
    | Sgd s when s.Momentum = 0.0 -> UpdateRuleKind.Plain
    | Gd s
    | Sgd s when s.Nesterov -> UpdateRuleKind.Nesterov
    | Gd _
    | Sgd _ -> UpdateRuleKind.Momentum
    | Adagrad _ -> UpdateRuleKind.Adagrad
    | RMSprop _ -> UpdateRuleKind.RmsProp
    | Adam _ -> UpdateRuleKind.Adam
    | AdamW _ -> UpdateRuleKind.AdamW
    | NAdam _ -> UpdateRuleKind.NAdam
    | RAdam _ -> UpdateRuleKind.RAdam
    | Adamax _ -> UpdateRuleKind.Adamax
    | Adadelta _ -> UpdateRuleKind.Adadelta

/// The core's settings for `e`'s rule over weights of `features` per output (the bias last): the hyperparameters the
/// rule carries; the core's defaults for those it does not read.
let settings (e: Experiment) (features: int) : UpdateSettings =
    let k = kind e
    match e.Optimizer with
    | Gd s
    | Sgd s -> UpdateSettings(k, features, Momentum = s.Momentum)
    | Adagrad s -> UpdateSettings(k, features, Eps = s.Eps)
    | RMSprop s -> UpdateSettings(k, features, Rho = s.Rho, Eps = s.Eps, Momentum = s.Momentum, Centered = s.Centered)
    | Adam s -> UpdateSettings(k, features, Beta1 = s.Beta1, Beta2 = s.Beta2, Eps = s.Eps, AmsGrad = s.Amsgrad)
    | AdamW s -> UpdateSettings(k, features, Beta1 = s.Beta1, Beta2 = s.Beta2, Eps = s.Eps, AmsGrad = s.Amsgrad, WeightDecay = s.WeightDecay)
    | NAdam s -> UpdateSettings(k, features, Beta1 = s.Beta1, Beta2 = s.Beta2, Eps = s.Eps, MomentumDecay = s.MomentumDecay)
    | RAdam s
    | Adamax s -> UpdateSettings(k, features, Beta1 = s.Beta1, Beta2 = s.Beta2, Eps = s.Eps)
    | Adadelta s -> UpdateSettings(k, features, Rho = s.Rho, Eps = s.Eps)

/// `e`'s rule for `features × outputs` weights in the element type 'T.
let create<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> System.ValueType and 'T :> IBinaryFloatingPointIeee754<'T>>
    (e: Experiment) (features: int) (outputs: int) : IUpdateRule<'T> =
    Core.UpdateRule.Create<'T>(settings e features, features * outputs)
