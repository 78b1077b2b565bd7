namespace Descent

/// gd's and sgd's settings: torch.optim.SGD's `momentum` and `nesterov` (momentum 0: plain SGD).
type SgdSettings =
    { /// μ in [0, 1): the buffer v ← μ·v + g; w ← w − α·v.
      Momentum: float
      /// Step along g + μ·v instead (needs μ > 0).
      Nesterov: bool }

/// torch.optim.Adagrad's settings.
type AdagradSettings = { Eps: float }

/// torch.optim.RMSprop's settings (torch calls ρ `alpha`).
type RmsPropSettings =
    { Rho: float
      Eps: float
      /// torch's buffer b ← μ·b + g/(√v + ε); w ← w − α·b.
      Momentum: float
      /// Divide by the centered second moment v − E[g]².
      Centered: bool }

/// torch.optim.Adam's settings.
type AdamSettings =
    { Beta1: float
      Beta2: float
      Eps: float
      /// The running maximum of the second moment.
      Amsgrad: bool }

/// torch.optim.AdamW's settings: Adam's and the decoupled decay w ← w·(1 − α·λ) (never the bias).
type AdamWSettings =
    { Beta1: float
      Beta2: float
      Eps: float
      Amsgrad: bool
      WeightDecay: float }

/// torch.optim.NAdam's settings.
type NAdamSettings =
    { Beta1: float
      Beta2: float
      Eps: float
      /// ψ in μ_t = β₁(1 − ½·0.96^(tψ)).
      MomentumDecay: float }

/// torch.optim.RAdam's and torch.optim.Adamax's settings.
type BetaSettings = { Beta1: float; Beta2: float; Eps: float }

/// torch.optim.Adadelta's settings.
type AdadeltaSettings = { Rho: float; Eps: float }

/// The update rule and the settings it reads: a setting a rule ignores cannot be written down. Every rule but Gd steps
/// once per mini-batch of the experiment's BatchSize rows. Each adaptive rule is torch 1.13's `torch.optim` class of
/// that name, single-tensor path; the formulas are in the core's rules (Core.CSharp/Updates/Rules) and docs/optimizers.md.
type Optimizer =
    /// Batch gradient descent: one update per epoch over the whole training set (torch.optim.SGD over the whole set).
    | Gd of SgdSettings
    /// Mini-batch SGD: consecutive batches of the training rows, one update per batch (torch.optim.SGD).
    | Sgd of SgdSettings
    /// torch.optim.Adagrad: s ← s + g²; w ← w − α·g / (√s + ε).
    | Adagrad of AdagradSettings
    /// torch.optim.RMSprop: v ← ρv + (1−ρ)g²; w ← w − α·g / (√v + ε) (centered, momentum: Core.CSharp/Updates/Rules/RmsProp.cs).
    | RMSprop of RmsPropSettings
    /// torch.optim.Adam: bias-corrected first and second moments (AMSGrad: the running maximum of the second).
    | Adam of AdamSettings
    /// torch.optim.AdamW: Adam with the decoupled decay w ← w·(1 − α·λ) on the weights (never the bias).
    | AdamW of AdamWSettings
    /// torch.optim.NAdam: Adam with Nesterov momentum and torch 1.13's μ-product schedule.
    | NAdam of NAdamSettings
    /// torch.optim.RAdam: Adam rectified once ρ_t > 5, the un-adapted step α·m̂ before.
    | RAdam of BetaSettings
    /// torch.optim.Adamax: Adam with the infinity norm u ← max(β₂u, |g| + ε).
    | Adamax of BetaSettings
    /// torch.optim.Adadelta: Δ = √(acc + ε)/√(v + ε)·g; w ← w − α·Δ.
    | Adadelta of AdadeltaSettings

/// One hyperparameter's value, as the run JSON, the sweep table and the command line carry it.
type HyperValue =
    | Real of float
    | Whole of int
    | OnOff of bool

/// The rules with torch 1.13's defaults (the one place they are written), their names, and the settings each reads.
module Optimizer =
    let private noMomentum: SgdSettings = { Momentum = 0.0; Nesterov = false }
    let private betas: BetaSettings = { Beta1 = 0.9; Beta2 = 0.999; Eps = 1e-8 }

    let gd = Gd noMomentum
    let sgd = Sgd noMomentum
    let adagrad = Adagrad({ Eps = 1e-10 }: AdagradSettings)
    let rmsprop = RMSprop({ Rho = 0.99; Eps = 1e-8; Momentum = 0.0; Centered = false }: RmsPropSettings)
    let adam = Adam({ Beta1 = betas.Beta1; Beta2 = betas.Beta2; Eps = betas.Eps; Amsgrad = false }: AdamSettings)
    let adamw = AdamW({ Beta1 = betas.Beta1; Beta2 = betas.Beta2; Eps = betas.Eps; Amsgrad = false; WeightDecay = 0.01 }: AdamWSettings)
    let nadam = NAdam({ Beta1 = betas.Beta1; Beta2 = betas.Beta2; Eps = betas.Eps; MomentumDecay = 0.004 }: NAdamSettings)
    let radam = RAdam betas
    let adamax = Adamax betas
    let adadelta = Adadelta({ Rho = 0.9; Eps = 1e-6 }: AdadeltaSettings)

    /// Every rule at its defaults, by its name on the command line, in the run JSON and the model file.
    let named =
        [ "gd", gd
          "sgd", sgd
          "adagrad", adagrad
          "rmsprop", rmsprop
          "adam", adam
          "adamw", adamw
          "nadam", nadam
          "radam", radam
          "adamax", adamax
          "adadelta", adadelta ]

    /// The case's name ("adam"), whatever its settings.
    let name (o: Optimizer) =
        match o with
        | Gd _ -> "gd"
        | Sgd _ -> "sgd"
        | Adagrad _ -> "adagrad"
        | RMSprop _ -> "rmsprop"
        | Adam _ -> "adam"
        | AdamW _ -> "adamw"
        | NAdam _ -> "nadam"
        | RAdam _ -> "radam"
        | Adamax _ -> "adamax"
        | Adadelta _ -> "adadelta"

    /// torch 1.13's class (gd and sgd: torch.optim.SGD over the whole set or over mini-batches).
    let torchName (o: Optimizer) =
        match o with
        | Gd _
        | Sgd _ -> "SGD"
        | Adagrad _ -> "Adagrad"
        | RMSprop _ -> "RMSprop"
        | Adam _ -> "Adam"
        | AdamW _ -> "AdamW"
        | NAdam _ -> "NAdam"
        | RAdam _ -> "RAdam"
        | Adamax _ -> "Adamax"
        | Adadelta _ -> "Adadelta"

    /// The settings the rule reads with their values, in the order the run JSON writes them.
    let settings (o: Optimizer) : (Setting * HyperValue) list =
        match o with
        | Gd s
        | Sgd s -> [ Setting.Momentum, Real s.Momentum; Setting.Nesterov, OnOff s.Nesterov ]
        | Adagrad s -> [ Setting.Epsilon, Real s.Eps ]
        | RMSprop s -> [ Setting.Momentum, Real s.Momentum; Setting.Epsilon, Real s.Eps; Setting.Rho, Real s.Rho; Setting.Centered, OnOff s.Centered ]
        | Adam s -> [ Setting.Beta1, Real s.Beta1; Setting.Beta2, Real s.Beta2; Setting.Epsilon, Real s.Eps; Setting.Amsgrad, OnOff s.Amsgrad ]
        | AdamW s ->
            [ Setting.Beta1, Real s.Beta1
              Setting.Beta2, Real s.Beta2
              Setting.Epsilon, Real s.Eps
              Setting.Amsgrad, OnOff s.Amsgrad
              Setting.WeightDecay, Real s.WeightDecay ]
        | NAdam s -> [ Setting.Beta1, Real s.Beta1; Setting.Beta2, Real s.Beta2; Setting.Epsilon, Real s.Eps; Setting.MomentumDecay, Real s.MomentumDecay ]
        | RAdam s
        | Adamax s -> [ Setting.Beta1, Real s.Beta1; Setting.Beta2, Real s.Beta2; Setting.Epsilon, Real s.Eps ]
        | Adadelta s -> [ Setting.Epsilon, Real s.Eps; Setting.Rho, Real s.Rho ]

    /// Whether the rule reads `setting`.
    let reads (setting: Setting) (o: Optimizer) = settings o |> List.exists (fst >> (=) setting)

    /// The names of the rules that read `setting` ("gd, sgd, rmsprop").
    let readers (setting: Setting) =
        named |> List.filter (snd >> reads setting) |> List.map fst |> String.concat ", "

    /// The run JSON's name of a rule's setting.
    let fieldName (setting: Setting) =
        match setting with
        | Setting.Momentum -> "momentum"
        | Setting.Nesterov -> "nesterov"
        | Setting.Beta1 -> "beta1"
        | Setting.Beta2 -> "beta2"
        | Setting.Epsilon -> "eps"
        | Setting.Amsgrad -> "amsgrad"
        | Setting.Rho -> "rho"
        | Setting.Centered -> "centered"
        | Setting.MomentumDecay -> "momentumDecay"
        | Setting.WeightDecay -> "weightDecay"
        | other -> invalidArg (nameof setting) $"{other} is not an optimizer's setting"

    /// `o` with `setting` at `value`, or None when the rule does not read that setting.
    let trySet (setting: Setting) (value: HyperValue) (o: Optimizer) : Optimizer option =
        let real () =
            match value with
            | Real x -> x
            | Whole n -> float n
            | OnOff _ -> invalidArg (nameof value) $"{setting} takes a number"
        let on () =
            match value with
            | OnOff b -> b
            | _ -> invalidArg (nameof value) $"{setting} is on or off"
        match o, setting with
        | Gd s, Setting.Momentum -> Some(Gd { s with Momentum = real () })
        | Sgd s, Setting.Momentum -> Some(Sgd { s with Momentum = real () })
        | Gd s, Setting.Nesterov -> Some(Gd { s with Nesterov = on () })
        | Sgd s, Setting.Nesterov -> Some(Sgd { s with Nesterov = on () })
        | Adagrad _, Setting.Epsilon -> Some(Adagrad({ Eps = real () }: AdagradSettings))
        | RMSprop s, Setting.Momentum -> Some(RMSprop { s with Momentum = real () })
        | RMSprop s, Setting.Epsilon -> Some(RMSprop { s with Eps = real () })
        | RMSprop s, Setting.Rho -> Some(RMSprop { s with Rho = real () })
        | RMSprop s, Setting.Centered -> Some(RMSprop { s with Centered = on () })
        | Adam s, Setting.Beta1 -> Some(Adam { s with Beta1 = real () })
        | Adam s, Setting.Beta2 -> Some(Adam { s with Beta2 = real () })
        | Adam s, Setting.Epsilon -> Some(Adam { s with Eps = real () })
        | Adam s, Setting.Amsgrad -> Some(Adam { s with Amsgrad = on () })
        | AdamW s, Setting.Beta1 -> Some(AdamW { s with Beta1 = real () })
        | AdamW s, Setting.Beta2 -> Some(AdamW { s with Beta2 = real () })
        | AdamW s, Setting.Epsilon -> Some(AdamW { s with Eps = real () })
        | AdamW s, Setting.Amsgrad -> Some(AdamW { s with Amsgrad = on () })
        | AdamW s, Setting.WeightDecay -> Some(AdamW { s with WeightDecay = real () })
        | NAdam s, Setting.Beta1 -> Some(NAdam { s with Beta1 = real () })
        | NAdam s, Setting.Beta2 -> Some(NAdam { s with Beta2 = real () })
        | NAdam s, Setting.Epsilon -> Some(NAdam { s with Eps = real () })
        | NAdam s, Setting.MomentumDecay -> Some(NAdam { s with MomentumDecay = real () })
        | RAdam s, Setting.Beta1 -> Some(RAdam { s with Beta1 = real () })
        | RAdam s, Setting.Beta2 -> Some(RAdam { s with Beta2 = real () })
        | RAdam s, Setting.Epsilon -> Some(RAdam { s with Eps = real () })
        | Adamax s, Setting.Beta1 -> Some(Adamax { s with Beta1 = real () })
        | Adamax s, Setting.Beta2 -> Some(Adamax { s with Beta2 = real () })
        | Adamax s, Setting.Epsilon -> Some(Adamax { s with Eps = real () })
        | Adadelta s, Setting.Epsilon -> Some(Adadelta { s with Eps = real () })
        | Adadelta s, Setting.Rho -> Some(Adadelta { s with Rho = real () })
        | _ -> None

    /// `o` with `setting` at `value`; a setting the rule does not read is an InvalidSetting naming the rules that do.
    let set (setting: Setting) (value: HyperValue) (o: Optimizer) : Optimizer =
        match trySet setting value o with
        | Some changed -> changed
        | None -> Fail.setting setting $"applies only to {OptimizerChoice.Token} {readers setting} (got {name o})"

    /// `o` with `setting` at `value` where the rule reads it, unchanged otherwise (a grid over rules).
    let setWhereRead (setting: Setting) (value: HyperValue) (o: Optimizer) : Optimizer =
        trySet setting value o |> Option.defaultValue o

    /// Whether the rule steps over mini-batches (every rule but gd).
    let readsBatches (o: Optimizer) =
        match o with
        | Gd _ -> false
        | _ -> true
