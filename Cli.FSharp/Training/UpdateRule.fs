/// The adaptive update rules (torch 1.13's torch.optim, single-tensor path) behind one interface, one object per run
/// with its state (moments, accumulators, step count) allocated once.
///
/// INTERIM: these are scalar loops in float64 (for float32 runs each value is widened, stepped and rounded back) until
/// the core's update-rule operators (Core.CSharp/Updates, branch core-drivers) land; `create` is the one place that
/// then builds the core's objects instead. Every formula below is torch's, with the step t counted from 1:
///
///   Adagrad   s ← s + g²;                        w ← w − α·g / (√s + ε)
///   RMSprop   v ← ρv + (1−ρ)g²;  (centered: ḡ ← ρḡ + (1−ρ)g, v' = v − ḡ²);  a = √v' + ε
///             momentum μ > 0: b ← μb + g/a, w ← w − α·b;  else w ← w − α·g/a
///   Adam      m ← β₁m + (1−β₁)g;  v ← β₂v + (1−β₂)g²;  (AMSGrad: v̂ ← max(v̂, v), used for v)
///             w ← w − (α/(1−β₁ᵗ))·m / (√v/√(1−β₂ᵗ) + ε)
///   AdamW     w ← w·(1 − αλ) on the weights (never the bias), then Adam
///   NAdam     μ_t = β₁(1 − ½·0.96^(tψ)), μ_{t+1} likewise;  Π ← Π·μ_t;  Π' = Π·μ_t·μ_{t+1} (torch 1.13: μ_t twice)
///             d = √(v/(1−β₂ᵗ)) + ε;  w ← w − α(1−μ_t)/(1−Π)·g/d − αμ_{t+1}/(1−Π')·m/d
///   RAdam     ρ∞ = 2/(1−β₂) − 1;  ρ_t = ρ∞ − 2tβ₂ᵗ/(1−β₂ᵗ);  m̂ = m/(1−β₁ᵗ)
///             ρ_t > 5: r = √((ρ_t−4)(ρ_t−2)ρ∞ / ((ρ∞−4)(ρ∞−2)ρ_t)), w ← w − m̂·α·(√(1−β₂ᵗ)/(√v + ε))·r;  else w ← w − α·m̂
///   Adamax    m ← β₁m + (1−β₁)g;  u ← max(β₂u, |g| + ε);  w ← w − (α/(1−β₁ᵗ))·m/u
///   Adadelta  v ← ρv + (1−ρ)g²;  Δ = √(acc + ε)/√(v + ε)·g;  acc ← ρ·acc + (1−ρ)Δ²;  w ← w − α·Δ
module Descent.UpdateRule

open System
open System.Numerics
open Descent.Core

/// One rule's step over all the weights, in place: the gradient is read, the weights and the rule's state written.
[<AbstractClass>]
type Rule(size: int) =
    /// The number of weights the rule steps.
    member _.Size = size

    abstract Step: w: float[] * g: float[] * rate: float -> unit

/// w ← w·(1 − αλ) for every weight but the bias (the last of each output's `features`).
let private decoupledDecay (w: float[]) (factor: float) (features: int) =
    for i in 0 .. w.Length - 1 do
        if i % features <> features - 1 then w.[i] <- w.[i] * factor

type private AdagradRule(size, eps: float) =
    inherit Rule(size)
    let sum = Array.zeroCreate<float> size

    override _.Step(w, g, rate) =
        for i in 0 .. size - 1 do
            sum.[i] <- sum.[i] + g.[i] * g.[i]
            w.[i] <- w.[i] + (-rate) * (g.[i] / (sqrt sum.[i] + eps))

type private RMSpropRule(size, rho: float, eps: float, centered: bool, momentum: float) =
    inherit Rule(size)
    let v = Array.zeroCreate<float> size
    let mean = Array.zeroCreate<float> size
    let buffer = Array.zeroCreate<float> size

    override _.Step(w, g, rate) =
        for i in 0 .. size - 1 do
            v.[i] <- v.[i] * rho + (1.0 - rho) * g.[i] * g.[i]
            let avg =
                if centered then
                    mean.[i] <- mean.[i] * rho + (1.0 - rho) * g.[i]
                    sqrt (v.[i] - mean.[i] * mean.[i]) + eps
                else
                    sqrt v.[i] + eps
            if momentum > 0.0 then
                buffer.[i] <- buffer.[i] * momentum + g.[i] / avg
                w.[i] <- w.[i] - rate * buffer.[i]
            else
                w.[i] <- w.[i] + (-rate) * (g.[i] / avg)

type private AdamRule(size, beta1: float, beta2: float, eps: float, amsgrad: bool, weightDecay: float, features: int) =
    inherit Rule(size)
    let m = Array.zeroCreate<float> size
    let v = Array.zeroCreate<float> size
    let vMax = Array.zeroCreate<float> (if amsgrad then size else 0)
    let mutable t = 0

    override _.Step(w, g, rate) =
        t <- t + 1
        if weightDecay > 0.0 then decoupledDecay w (1.0 - rate * weightDecay) features
        let correction1 = 1.0 - beta1 ** float t
        let root2 = sqrt (1.0 - beta2 ** float t)
        let stepSize = rate / correction1
        for i in 0 .. size - 1 do
            m.[i] <- m.[i] * beta1 + (1.0 - beta1) * g.[i]
            v.[i] <- v.[i] * beta2 + (1.0 - beta2) * g.[i] * g.[i]
            let second =
                if amsgrad then
                    vMax.[i] <- max vMax.[i] v.[i]
                    vMax.[i]
                else
                    v.[i]
            w.[i] <- w.[i] + (-stepSize) * (m.[i] / (sqrt second / root2 + eps))

type private NAdamRule(size, beta1: float, beta2: float, eps: float, momentumDecay: float) =
    inherit Rule(size)
    let m = Array.zeroCreate<float> size
    let v = Array.zeroCreate<float> size
    let mutable t = 0
    let mutable muProduct = 1.0

    override _.Step(w, g, rate) =
        t <- t + 1
        let correction2 = 1.0 - beta2 ** float t
        let mu = beta1 * (1.0 - 0.5 * (0.96 ** (float t * momentumDecay)))
        let muNext = beta1 * (1.0 - 0.5 * (0.96 ** (float (t + 1) * momentumDecay)))
        muProduct <- muProduct * mu
        // torch 1.13 as written: μ_t enters the next product twice (later torch versions fixed it).
        let muProductNext = muProduct * mu * muNext
        let gradStep = -rate * (1.0 - mu) / (1.0 - muProduct)
        let momentumStep = (-rate * muNext) / (1.0 - muProductNext)
        for i in 0 .. size - 1 do
            m.[i] <- m.[i] * beta1 + (1.0 - beta1) * g.[i]
            v.[i] <- v.[i] * beta2 + (1.0 - beta2) * g.[i] * g.[i]
            let denom = sqrt (v.[i] / correction2) + eps
            w.[i] <- w.[i] + gradStep * (g.[i] / denom)
            w.[i] <- w.[i] + momentumStep * (m.[i] / denom)

type private RAdamRule(size, beta1: float, beta2: float, eps: float) =
    inherit Rule(size)
    let m = Array.zeroCreate<float> size
    let v = Array.zeroCreate<float> size
    let mutable t = 0

    override _.Step(w, g, rate) =
        t <- t + 1
        let correction1 = 1.0 - beta1 ** float t
        let correction2 = 1.0 - beta2 ** float t
        let rhoInf = 2.0 / (1.0 - beta2) - 1.0
        let rhoT = rhoInf - 2.0 * float t * (beta2 ** float t) / correction2
        let rectified = rhoT > 5.0
        let rect =
            if rectified then sqrt ((rhoT - 4.0) * (rhoT - 2.0) * rhoInf / ((rhoInf - 4.0) * (rhoInf - 2.0) * rhoT)) else 0.0
        let root2 = sqrt correction2
        for i in 0 .. size - 1 do
            m.[i] <- m.[i] * beta1 + (1.0 - beta1) * g.[i]
            v.[i] <- v.[i] * beta2 + (1.0 - beta2) * g.[i] * g.[i]
            let mHat = m.[i] / correction1
            if rectified then w.[i] <- w.[i] - mHat * rate * (root2 / (sqrt v.[i] + eps)) * rect
            else w.[i] <- w.[i] - mHat * rate

type private AdamaxRule(size, beta1: float, beta2: float, eps: float) =
    inherit Rule(size)
    let m = Array.zeroCreate<float> size
    let u = Array.zeroCreate<float> size
    let mutable t = 0

    override _.Step(w, g, rate) =
        t <- t + 1
        let stepSize = rate / (1.0 - beta1 ** float t)
        for i in 0 .. size - 1 do
            m.[i] <- m.[i] * beta1 + (1.0 - beta1) * g.[i]
            u.[i] <- max (u.[i] * beta2) (abs g.[i] + eps)
            w.[i] <- w.[i] + (-stepSize) * (m.[i] / u.[i])

type private AdadeltaRule(size, rho: float, eps: float) =
    inherit Rule(size)
    let v = Array.zeroCreate<float> size
    let acc = Array.zeroCreate<float> size

    override _.Step(w, g, rate) =
        for i in 0 .. size - 1 do
            v.[i] <- v.[i] * rho + (1.0 - rho) * g.[i] * g.[i]
            let delta = sqrt (acc.[i] + eps) / sqrt (v.[i] + eps) * g.[i]
            acc.[i] <- acc.[i] * rho + (1.0 - rho) * delta * delta
            w.[i] <- w.[i] + (-rate) * delta

/// The adaptive rule of `e` over `features × outputs` weights, or None for gd and sgd (the core's plain, momentum and
/// Nesterov steps).
let create (e: Experiment) (features: int) (outputs: int) : Rule option =
    let size = features * outputs
    let eps = Experiment.epsilon e
    match e.Optimizer with
    | Gd
    | Sgd -> None
    | Adagrad -> Some(AdagradRule(size, eps))
    | RMSprop -> Some(RMSpropRule(size, Experiment.rho e, eps, e.Centered, e.Momentum))
    | Adam -> Some(AdamRule(size, e.Beta1, e.Beta2, eps, e.Amsgrad, 0.0, features))
    | AdamW -> Some(AdamRule(size, e.Beta1, e.Beta2, eps, e.Amsgrad, e.WeightDecay, features))
    | NAdam -> Some(NAdamRule(size, e.Beta1, e.Beta2, eps, e.MomentumDecay))
    | RAdam -> Some(RAdamRule(size, e.Beta1, e.Beta2, eps))
    | Adamax -> Some(AdamaxRule(size, e.Beta1, e.Beta2, eps))
    | Adadelta -> Some(AdadeltaRule(size, Experiment.rho e, eps))

/// The step of a rule on weights and a gradient held in the training precision: float64 arrays step in place; others
/// are widened into `wide`/`wideGradient` (preallocated), stepped and rounded back.
let stepIn<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (rule: Rule) (w: 'T[]) (g: 'T[]) (wide: float[]) (wideGradient: float[]) (rate: float) =
    match box w, box g with
    | (:? (float[]) as w64), (:? (float[]) as g64) -> rule.Step(w64, g64, rate)
    | _ ->
        for i in 0 .. w.Length - 1 do
            wide.[i] <- Numeric.ToDouble<'T> w.[i]
            wideGradient.[i] <- Numeric.ToDouble<'T> g.[i]
        rule.Step(wide, wideGradient, rate)
        for i in 0 .. w.Length - 1 do
            w.[i] <- Numeric.FromDouble<'T> wide.[i]

/// torch.nn.utils.clip_grad_norm_(max_norm = c): g ← g·min(1, c / (‖g‖₂ + 1e−6)) over the whole gradient.
let clipNorm<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (g: 'T[]) (c: float) =
    let mutable sum = 0.0
    for i in 0 .. g.Length - 1 do
        let x = Numeric.ToDouble<'T> g.[i]
        sum <- sum + x * x
    let scale = c / (sqrt sum + 1e-6)
    if scale < 1.0 then
        for i in 0 .. g.Length - 1 do
            g.[i] <- Numeric.FromDouble<'T>(Numeric.ToDouble<'T> g.[i] * scale)
