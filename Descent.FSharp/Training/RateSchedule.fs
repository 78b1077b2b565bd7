/// The learning rate of each epoch, stepped once after each epoch as torch's schedulers are when stepped per epoch.
///
///   warm-up (e < E)  α·(F + (1 − F)·e/E)                          LinearLR(start_factor F, total_iters E)
///   then, with k = e − E (SequentialLR, milestone E; k = e without warm-up):
///   constant         α
///   step             α·decay^⌊k/every⌋
///   invscaling       α/(1 + decay·k)
///   exponential      α·γᵏ                                          ExponentialLR(gamma)
///   cosine           η + (α − η)(1 + cos(πk/T))/2                  CosineAnnealingLR(T_max T, eta_min η)
///   plateau          α, times the factor after more than `patience` epochs whose monitored loss is not below
///                    best·(1 − threshold)                          ReduceLROnPlateau(mode min, threshold_mode rel)
module Descent.RateSchedule

/// Which epoch loss a plateau schedule watches.
type Monitor =
    | TrainingLoss
    | ValidationLoss

/// The loss a plateau schedule of `e` watches: the validation loss when there is a validation split.
let monitor (e: Experiment) = if e.ValidationFraction > 0.0 then ValidationLoss else TrainingLoss

let monitorName (m: Monitor) =
    match m with
    | TrainingLoss -> "training"
    | ValidationLoss -> "validation"

/// The warm-up's epochs (0 without one).
let warmupEpochs (e: Experiment) = e.Warmup |> Option.map _.Epochs |> Option.defaultValue 0

/// The cosine schedule's period: its T, or the epochs left after the warm-up.
let cosinePeriod (e: Experiment) (tMax: int option) = tMax |> Option.defaultValue (e.Epochs - warmupEpochs e)

/// torch's ReduceLROnPlateau ignores a reduction smaller than this (its `eps`).
[<Literal>]
let private PlateauEps = 1e-8

/// The rates of one run; the plateau schedule keeps its state here.
type Rates(e: Experiment) =
    let warm = warmupEpochs e
    let mutable plateauRate = e.Alpha
    let mutable best = System.Double.PositiveInfinity
    let mutable bad = 0

    /// The rate of epoch `epoch` (0-based count of finished epochs).
    member _.Rate(epoch: int) : float =
        match e.Warmup with
        | Some w when epoch < w.Epochs -> e.Alpha * (w.StartFactor + (1.0 - w.StartFactor) * float epoch / float w.Epochs)
        | _ ->
            let k = epoch - warm
            match e.Schedule with
            | Constant -> e.Alpha
            | Step (decay, every) -> e.Alpha * (decay ** float (k / every))
            | InvScaling decay -> e.Alpha / (1.0 + decay * float k)
            | Exponential gamma -> e.Alpha * (gamma ** float k)
            | Cosine (tMax, etaMin) ->
                etaMin + (e.Alpha - etaMin) * (1.0 + cos (System.Math.PI * float k / float (cosinePeriod e tMax))) / 2.0
            | Plateau _ -> plateauRate

    /// Tells the schedule epoch `epoch` (0-based) finished with `monitored` as its watched loss.
    member _.EpochEnded(epoch: int, monitored: float) =
        match e.Schedule with
        | Plateau p when epoch >= warm ->
            if monitored < best * (1.0 - p.Threshold) then
                best <- monitored
                bad <- 0
            else
                bad <- bad + 1
            if bad > p.Patience then
                let reduced = plateauRate * p.Factor
                if plateauRate - reduced > PlateauEps then plateauRate <- reduced
                bad <- 0
        | _ -> ()
