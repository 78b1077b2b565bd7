namespace Descent

open Descent.Core

/// Element type the training runs in (data are generated and reported in float64 either way).
type Precision =
    | Float64
    | Float32

/// The update rule. Every rule but Gd steps once per mini-batch of BatchSize rows (a batch size at least the number of
/// training rows is one step per epoch over the whole set). Each adaptive rule is torch 1.13's `torch.optim` class of
/// that name, single-tensor path; the formulas are in the core's rules (Core.CSharp/Updates/Rules).
type Optimizer =
    /// Vanilla batch gradient descent: one update per epoch over the whole training set.
    | Gd
    /// Mini-batch SGD: consecutive batches of the training rows, one update per batch.
    | Sgd
    /// torch.optim.Adagrad: s ← s + g²; w ← w − α·g / (√s + ε).
    | Adagrad
    /// torch.optim.RMSprop: v ← ρv + (1−ρ)g²; w ← w − α·g / (√v + ε) (centered, momentum: see Core.CSharp/Updates/Rules/RmsProp.cs).
    | RMSprop
    /// torch.optim.Adam: bias-corrected first and second moments (AMSGrad: the running maximum of the second).
    | Adam
    /// torch.optim.AdamW: Adam with the decoupled decay w ← w·(1 − α·λ) on the weights (never the bias).
    | AdamW
    /// torch.optim.NAdam: Adam with Nesterov momentum and torch 1.13's μ-product schedule.
    | NAdam
    /// torch.optim.RAdam: Adam rectified once ρ_t > 5, the un-adapted step α·m̂ before.
    | RAdam
    /// torch.optim.Adamax: Adam with the infinity norm u ← max(β₂u, |g| + ε).
    | Adamax
    /// torch.optim.Adadelta: Δ = √(acc + ε)/√(v + ε)·g; w ← w − α·Δ.
    | Adadelta

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

/// The learning rate at epoch e (0-based count of finished epochs).
type Schedule =
    /// alpha
    | Constant
    /// alpha * decay ^ floor(e / every)
    | Step of decay: float * every: int
    /// alpha / (1 + decay * e)
    | InvScaling of decay: float
    /// alpha * gamma ^ e (torch ExponentialLR)
    | Exponential of gamma: float
    /// eta_min + (alpha - eta_min) * (1 + cos(pi * e / T)) / 2, T = tMax or the number of epochs (torch CosineAnnealingLR)
    | Cosine of tMax: int option * etaMin: float
    /// alpha, multiplied by Factor whenever the monitored epoch loss stops improving (torch ReduceLROnPlateau)
    | Plateau of PlateauSettings

/// scikit-learn's elastic net: Lambda·L1Ratio of L1 (the proximal step) and Lambda·(1 − L1Ratio) of L2.
type ElasticNet = { Lambda: float; L1Ratio: float }

/// How much each training row's loss and gradient count, by its class (the classification report stays unweighted).
type ClassWeight =
    /// Every row 1.
    | Unweighted
    /// scikit-learn's "balanced": n / (K · count of the class among the training rows).
    | Balanced
    /// The named classes' weights; a class not named weighs 1.
    | Given of (string * float) list

/// Everything that determines a run's numbers: data, split, model, optimizer, schedule, stopping rules and seeds.
/// Immutable: build variants with the `Experiment.with…` functions or record copies.
type Experiment =
    { Data: DataSpec
      TestSize: float
      SplitSeed: int64
      /// Fraction of the training rows held out for a per-epoch validation curve (0 = none).
      ValidationFraction: float
      InitSeed: int64
      Epochs: int
      Alpha: float
      Optimizer: Optimizer
      BatchSize: int
      /// Reshuffle the training rows every epoch (SGD only).
      Shuffle: bool
      /// Momentum of gd, sgd (velocity form) and rmsprop (torch's buffer of g/√v).
      Momentum: float
      Nesterov: bool
      /// β₁, β₂ of adam, adamw, nadam, radam and adamax.
      Beta1: float
      Beta2: float
      /// ε of the adaptive rules; None: the rule's torch default (OptimizerDefaults.epsilon).
      Epsilon: float option
      /// Adam and AdamW: the running maximum of the second moment.
      Amsgrad: bool
      /// ρ of rmsprop and adadelta; None: the rule's torch default (OptimizerDefaults.rho).
      Rho: float option
      /// RMSprop: divide by the centered second moment v − E[g]².
      Centered: bool
      /// NAdam's ψ in μ_t = β₁(1 − ½·0.96^(tψ)).
      MomentumDecay: float
      /// AdamW's decoupled weight decay λ (bias excluded).
      WeightDecay: float
      /// Scale the whole gradient to this L2 norm when it is longer (torch clip_grad_norm_).
      ClipNorm: float option
      L2: float
      /// L1 penalty λ·‖w‖₁ (bias excluded), as a soft-threshold of rate·λ after each update.
      L1: float
      /// Instead of L1 and L2: scikit-learn's elastic net.
      ElasticNet: ElasticNet option
      ClassWeight: ClassWeight
      Loss: LossKind
      Schedule: Schedule
      /// A linear warm-up before the schedule.
      Warmup: Warmup option
      /// Stop once the epoch loss is at most this.
      TargetLoss: float option
      /// Stop when the loss has not improved by MinDelta in this many epochs.
      Patience: int option
      MinDelta: float
      Threads: int
      Precision: Precision
      /// Feature scaling, fitted on the training rows.
      Scale: Scaling }

/// torch 1.13's defaults where they depend on the rule.
module OptimizerDefaults =
    /// ε: 1e-10 for Adagrad, 1e-6 for Adadelta, 1e-8 for the others.
    let epsilon (o: Optimizer) =
        match o with
        | Adagrad -> 1e-10
        | Adadelta -> 1e-6
        | _ -> 1e-8

    /// ρ: 0.9 for Adadelta, 0.99 for RMSprop (the others have none).
    let rho (o: Optimizer) =
        match o with
        | Adadelta -> 0.9
        | _ -> 0.99

/// Which settings each rule and schedule reads; the command line refuses a flag that its rule does not read, and the
/// run JSON and the sweep table show only these.
module Applies =
    let momentum o = o = Gd || o = Sgd || o = RMSprop
    let nesterov o = o = Gd || o = Sgd
    let betas o = o = Adam || o = AdamW || o = NAdam || o = RAdam || o = Adamax
    let epsilon o = o <> Gd && o <> Sgd
    let amsgrad o = o = Adam || o = AdamW
    let rho o = o = RMSprop || o = Adadelta
    let centered o = o = RMSprop
    let momentumDecay o = o = NAdam
    let weightDecay o = o = AdamW

module Experiment =

    /// The lesson's data: make_blobs(1000, 2 features, 2 centers, std 1.5, seed 1).
    let lessonBlobs: BlobsSpec = DataSpec.lessonBlobs

    /// The lesson's experiment: make_blobs(1000, 2 features, 2 centers, std 1.5, seed 1), a 50/50 split (seed 42),
    /// W = randn(3, 1) from seed 0, 100 epochs of batch gradient descent at alpha 0.01 on the squared error.
    let lesson =
        { Data = Blobs lessonBlobs
          TestSize = 0.5
          SplitSeed = 42L
          ValidationFraction = 0.0
          InitSeed = 0L
          Epochs = 100
          Alpha = 0.01
          Optimizer = Gd
          BatchSize = 32
          Shuffle = false
          Momentum = 0.0
          Nesterov = false
          Beta1 = 0.9
          Beta2 = 0.999
          Epsilon = None
          Amsgrad = false
          Rho = None
          Centered = false
          MomentumDecay = 0.004
          WeightDecay = 0.01
          ClipNorm = None
          L2 = 0.0
          L1 = 0.0
          ElasticNet = None
          ClassWeight = Unweighted
          Loss = LossKind.SquaredError
          Schedule = Constant
          Warmup = None
          TargetLoss = None
          Patience = None
          MinDelta = 0.0
          Threads = 1
          Precision = Float64
          Scale = NoScaling }

    /// A CSV file read as the command line reads it by default: header detected, the last column the label, commas.
    let tableFile (path: string) : TableFile = DataSpec.tableFile path

    let withData data (e: Experiment) = { e with Data = data }
    let withAlpha alpha (e: Experiment) = { e with Alpha = alpha }
    let withEpochs epochs (e: Experiment) = { e with Epochs = epochs }
    let withInitSeed seed (e: Experiment) = { e with InitSeed = seed }
    let withLoss loss (e: Experiment) = { e with Loss = loss }
    let withSchedule schedule (e: Experiment) = { e with Schedule = schedule }
    let withThreads threads (e: Experiment) = { e with Threads = threads }
    let withPrecision precision (e: Experiment) = { e with Precision = precision }
    let gd (e: Experiment) = { e with Optimizer = Gd }
    let sgd batchSize (e: Experiment) = { e with Optimizer = Sgd; BatchSize = batchSize }
    let withMomentum mu (e: Experiment) = { e with Momentum = mu; Nesterov = false }
    let withNesterov mu (e: Experiment) = { e with Momentum = mu; Nesterov = true }
    let withL2 lambda (e: Experiment) = { e with L2 = lambda }
    let withScale scale (e: Experiment) = { e with Scale = scale }
    let withWarmup epochs startFactor (e: Experiment) = { e with Warmup = Some { Epochs = epochs; StartFactor = startFactor } }
    let withClipNorm c (e: Experiment) = { e with ClipNorm = Some c }
    let withBetas beta1 beta2 (e: Experiment) = { e with Beta1 = beta1; Beta2 = beta2 }
    let withEpsilon eps (e: Experiment) = { e with Epsilon = Some eps }
    let withRho rho (e: Experiment) = { e with Rho = Some rho }
    let withAmsgrad (e: Experiment) = { e with Amsgrad = true }
    let withWeightDecay lambda (e: Experiment) = { e with WeightDecay = lambda }
    let withMomentumDecay psi (e: Experiment) = { e with MomentumDecay = psi }

    /// The adaptive rules with torch's defaults, one step per mini-batch of `batchSize` (the other settings kept).
    let adagrad batchSize (e: Experiment) = { e with Optimizer = Adagrad; BatchSize = batchSize }
    let rmsprop batchSize (e: Experiment) = { e with Optimizer = RMSprop; BatchSize = batchSize }
    let rmspropCentered batchSize (e: Experiment) = { e with Optimizer = RMSprop; BatchSize = batchSize; Centered = true }
    let adam batchSize (e: Experiment) = { e with Optimizer = Adam; BatchSize = batchSize }
    let adamw batchSize (e: Experiment) = { e with Optimizer = AdamW; BatchSize = batchSize }
    let nadam batchSize (e: Experiment) = { e with Optimizer = NAdam; BatchSize = batchSize }
    let radam batchSize (e: Experiment) = { e with Optimizer = RAdam; BatchSize = batchSize }
    let adamax batchSize (e: Experiment) = { e with Optimizer = Adamax; BatchSize = batchSize }
    let adadelta batchSize (e: Experiment) = { e with Optimizer = Adadelta; BatchSize = batchSize }

    /// ε the run uses: the one set, or the rule's torch default.
    let epsilon (e: Experiment) = e.Epsilon |> Option.defaultWith (fun () -> OptimizerDefaults.epsilon e.Optimizer)

    /// ρ the run uses: the one set, or the rule's torch default.
    let rho (e: Experiment) = e.Rho |> Option.defaultWith (fun () -> OptimizerDefaults.rho e.Optimizer)

    let withL1 lambda (e: Experiment) = { e with L1 = lambda }
    let withElasticNet lambda l1Ratio (e: Experiment) = { e with ElasticNet = Some { Lambda = lambda; L1Ratio = l1Ratio } }
    let withClassWeight weights (e: Experiment) = { e with ClassWeight = weights }

    /// The L1 coefficient the run applies: L1, or the elastic net's λ·r.
    let l1Of (e: Experiment) =
        match e.ElasticNet with
        | Some n -> n.Lambda * n.L1Ratio
        | None -> e.L1

    /// The L2 coefficient the run applies: L2, or the elastic net's λ·(1 − r).
    let l2Of (e: Experiment) =
        match e.ElasticNet with
        | Some n -> n.Lambda * (1.0 - n.L1Ratio)
        | None -> e.L2

    /// Whether the run reads its batch size and shuffle flag: batch GD takes the whole set in one batch, in order.
    let readsBatches (e: Experiment) = e.Optimizer <> Gd

    /// `e` with the optimizer settings its rule does not read back at the lesson's values: a grid over rules makes
    /// runs that differ only there equal, and no run carries a setting it ignores.
    let withoutUnreadSettings (e: Experiment) =
        let o = e.Optimizer
        let keep reads value fallback = if reads o then value else fallback
        { e with
            Momentum = keep Applies.momentum e.Momentum lesson.Momentum
            Nesterov = keep Applies.nesterov e.Nesterov lesson.Nesterov
            Beta1 = keep Applies.betas e.Beta1 lesson.Beta1
            Beta2 = keep Applies.betas e.Beta2 lesson.Beta2
            Epsilon = keep Applies.epsilon e.Epsilon lesson.Epsilon
            Amsgrad = keep Applies.amsgrad e.Amsgrad lesson.Amsgrad
            Rho = keep Applies.rho e.Rho lesson.Rho
            Centered = keep Applies.centered e.Centered lesson.Centered
            MomentumDecay = keep Applies.momentumDecay e.MomentumDecay lesson.MomentumDecay
            WeightDecay = keep Applies.weightDecay e.WeightDecay lesson.WeightDecay }

/// Schedule builders for the F# API: `Experiment.lesson |> Experiment.withSchedule (Schedule.cosine 50)`.
module Schedule =
    let constant = Constant
    let step decay every = Step(decay, every)
    let invScaling decay = InvScaling decay
    let exponential gamma = Exponential gamma
    /// Cosine annealing to 0 over `tMax` epochs.
    let cosine tMax = Cosine(Some tMax, 0.0)
    /// Cosine annealing to `etaMin` over the run's epochs.
    let cosineOverRun etaMin = Cosine(None, etaMin)
    /// torch's ReduceLROnPlateau defaults: factor 0.1, patience 10, threshold 1e-4.
    let plateauDefaults = { Factor = 0.1; Patience = 10; Threshold = 1e-4 }
    let plateau factor patience = Plateau { plateauDefaults with Factor = factor; Patience = patience }
