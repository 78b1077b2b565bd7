namespace Descent

/// The plateau schedule's settings (torch ReduceLROnPlateau, mode min, relative threshold, no cooldown).
type PlateauSettings =
    { /// The rate is multiplied by this after more than Patience epochs without improvement; in (0, 1).
      Factor: float
      /// Epochs without improvement tolerated before the rate drops; >= 0.
      Patience: int
      /// An epoch improves when its loss < best·(1 − Threshold).
      Threshold: float }

/// A linear warm-up in front of the schedule (torch LinearLR(start_factor, total_iters) + SequentialLR).
type Warmup =
    { /// Epochs of warm-up E: the schedule runs from its own epoch 0 at epoch E.
      Epochs: int
      /// F in (0, 1]: epoch e < E runs at α·(F + (1 − F)·e/E).
      StartFactor: float }

/// The learning rate at epoch e (0-based count of finished epochs); each case carries the settings it reads. The
/// formulas and torch's names are in RateSchedule.fs.
type Schedule =
    /// alpha
    | Constant
    /// alpha * decay ^ floor(e / every) (torch StepLR(step_size every, gamma decay))
    | Step of decay: float * every: int
    /// alpha / (1 + decay * e) (inverse time decay; torch has no class for it: LambdaLR)
    | InvScaling of decay: float
    /// alpha * gamma ^ e (torch ExponentialLR)
    | Exponential of gamma: float
    /// eta_min + (alpha - eta_min) * (1 + cos(pi * e / T)) / 2, T = tMax or the epochs after the warm-up (torch CosineAnnealingLR)
    | Cosine of tMax: int option * etaMin: float
    /// alpha, multiplied by Factor whenever the monitored epoch loss stops improving (torch ReduceLROnPlateau)
    | Plateau of PlateauSettings

/// The schedules with their defaults (the one place they are written), their names, the settings each reads, and
/// builders for the F# API: `Experiment.lesson |> Experiment.withSchedule (Schedule.cosine 50)`.
module Schedule =
    let constant = Constant
    let step decay every = Step(decay, every)
    let invScaling decay = InvScaling decay
    let exponential gamma = Exponential gamma
    /// Cosine annealing to 0 over `tMax` epochs.
    let cosine tMax = Cosine(Some tMax, 0.0)
    /// Cosine annealing to `etaMin` over the run's epochs (after the warm-up).
    let cosineOverRun etaMin = Cosine(None, etaMin)
    /// torch's ReduceLROnPlateau defaults: factor 0.1, patience 10, threshold 1e-4.
    let plateauDefaults = { Factor = 0.1; Patience = 10; Threshold = 1e-4 }
    let plateau factor patience = Plateau { plateauDefaults with Factor = factor; Patience = patience }

    /// Every schedule at its defaults, by its name on the command line and in the run JSON: step halves the rate
    /// every 10 epochs, invscaling decays by 0.01, exponential by 0.95, cosine anneals to 0 over the epochs left
    /// after the warm-up, plateau is torch's.
    let named =
        [ "constant", Constant
          "step", Step(0.5, 10)
          "invscaling", InvScaling 0.01
          "exponential", Exponential 0.95
          "cosine", Cosine(None, 0.0)
          "plateau", Plateau plateauDefaults ]

    /// The case's name ("cosine"), whatever its settings.
    let name (s: Schedule) =
        match s with
        | Constant -> "constant"
        | Step _ -> "step"
        | InvScaling _ -> "invscaling"
        | Exponential _ -> "exponential"
        | Cosine _ -> "cosine"
        | Plateau _ -> "plateau"

    /// The settings the schedule reads.
    let reads (s: Schedule) : Setting list =
        match s with
        | Constant -> []
        | Step _ -> [ ScheduleDecay; ScheduleStepEvery ]
        | InvScaling _ -> [ ScheduleDecay ]
        | Exponential _ -> [ ScheduleGamma ]
        | Cosine _ -> [ ScheduleTMax; ScheduleEtaMin ]
        | Plateau _ -> [ PlateauFactor; PlateauPatience; PlateauThreshold ]

    /// The names of the schedules that read `setting` ("step, invscaling").
    let readers (setting: Setting) =
        named |> List.filter (fun (_, s) -> List.contains setting (reads s)) |> List.map fst |> String.concat ", "

    /// `s` with `setting` at `value`, or None when the schedule does not read that setting.
    let trySet (setting: Setting) (value: HyperValue) (s: Schedule) : Schedule option =
        let real () =
            match value with
            | Real x -> x
            | Whole n -> float n
            | OnOff _ -> invalidArg (nameof value) $"{setting} takes a number"
        let whole () =
            match value with
            | Whole n -> n
            | _ -> invalidArg (nameof value) $"{setting} takes an integer"
        match s, setting with
        | Step (_, every), ScheduleDecay -> Some(Step(real (), every))
        | Step (decay, _), ScheduleStepEvery -> Some(Step(decay, whole ()))
        | InvScaling _, ScheduleDecay -> Some(InvScaling(real ()))
        | Exponential _, ScheduleGamma -> Some(Exponential(real ()))
        | Cosine (_, etaMin), ScheduleTMax -> Some(Cosine(Some(whole ()), etaMin))
        | Cosine (tMax, _), ScheduleEtaMin -> Some(Cosine(tMax, real ()))
        | Plateau p, PlateauFactor -> Some(Plateau { p with Factor = real () })
        | Plateau p, PlateauPatience -> Some(Plateau { p with Patience = whole () })
        | Plateau p, PlateauThreshold -> Some(Plateau { p with Threshold = real () })
        | _ -> None

    /// `s` with `setting` at `value`; a setting the schedule does not read is an InvalidSetting naming those that do.
    let set (setting: Setting) (value: HyperValue) (s: Schedule) : Schedule =
        match trySet setting value s with
        | Some changed -> changed
        | None -> Fail.setting setting $"applies only to {ScheduleChoice.Token} {readers setting} (got {name s})"

module Warmup =
    /// The warm-up's start factor when none is given (torch's LinearLR defaults to 1/3; Descent starts lower).
    [<Literal>]
    let DefaultStart = 0.1

    /// A warm-up of `epochs` epochs from DefaultStart·α.
    let linear epochs = { Epochs = epochs; StartFactor = DefaultStart }
