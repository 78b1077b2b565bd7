namespace Descent

open Descent.Core

/// Element type the training runs in (data are generated and reported in float64 either way).
type Precision =
    | Float64
    | Float32

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

/// How a network's initial weights are drawn: from one RandomState(init_seed), layer after layer, each W_l of
/// (n_in + 1) × n_out (its bias row drawn like the others), n_in the layer's inputs and n_out its units.
type WeightInit =
    /// The reference's scheme (LeCun normal): randn / √n_in.
    | LeCunNormal
    /// Glorot (Xavier) uniform: U(−a, a), a = √(6 / (n_in + n_out)).
    | GlorotUniform
    /// Glorot (Xavier) normal: randn · √(2 / (n_in + n_out)).
    | GlorotNormal
    /// He (Kaiming) uniform: U(−a, a), a = √(6 / n_in).
    | HeUniform
    /// He (Kaiming) normal: randn · √(2 / n_in).
    | HeNormal

/// The model's shape: no hidden layer is today's linear model (its weights drawn as randn(d, K), whatever Init says);
/// hidden layers make a network whose hidden units apply Activation.
type Architecture =
    { Hidden: int list
      Activation: ActivationKind
      Init: WeightInit }

module Architecture =
    /// The linear model: no hidden layer.
    let linear = { Hidden = []; Activation = ActivationKind.Relu; Init = LeCunNormal }

    /// At most this many hidden layers.
    let maxHiddenLayers = 16

    let isNetwork (a: Architecture) = not a.Hidden.IsEmpty

/// Everything that determines a run's numbers: data, split, model, optimizer, schedule, stopping rules and seeds.
/// Immutable: build variants with the `Experiment.with…` functions or record copies.
type Experiment =
    { Data: DataSpec
      /// Hidden layers (none: the linear model), their activation and initial weights.
      Architecture: Architecture
      TestSize: float
      SplitSeed: int64
      /// Fraction of the training rows held out for a per-epoch validation curve (0 = none).
      ValidationFraction: float
      InitSeed: int64
      Epochs: int
      Alpha: float
      /// The update rule and its settings.
      Optimizer: Optimizer
      /// Rows per update for every rule but Gd (at least the training rows: one step per epoch over the whole set).
      BatchSize: int
      /// Reshuffle the training rows every epoch (every rule but Gd).
      Shuffle: bool
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

module Experiment =

    /// The lesson's data: make_blobs(1000, 2 features, 2 centers, std 1.5, seed 1).
    let lessonBlobs: BlobsSpec = DataSpec.lessonBlobs

    /// The lesson's experiment: make_blobs(1000, 2 features, 2 centers, std 1.5, seed 1), a 50/50 split (seed 42),
    /// W = randn(3, 1) from seed 0, 100 epochs of batch gradient descent at alpha 0.01 on the squared error.
    let lesson =
        { Data = Blobs lessonBlobs
          Architecture = Architecture.linear
          TestSize = 0.5
          SplitSeed = 42L
          ValidationFraction = 0.0
          InitSeed = 0L
          Epochs = 100
          Alpha = 0.01
          Optimizer = Optimizer.gd
          BatchSize = 32
          Shuffle = false
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
    /// Hidden layers of these widths (the activation and initial weights kept).
    let withHidden widths (e: Experiment) = { e with Architecture = { e.Architecture with Hidden = widths } }
    let withActivation activation (e: Experiment) = { e with Architecture = { e.Architecture with Activation = activation } }
    let withInit init (e: Experiment) = { e with Architecture = { e.Architecture with Init = init } }
    let isNetwork (e: Experiment) = Architecture.isNetwork e.Architecture
    let withAlpha alpha (e: Experiment) = { e with Alpha = alpha }
    let withEpochs epochs (e: Experiment) = { e with Epochs = epochs }
    let withInitSeed seed (e: Experiment) = { e with InitSeed = seed }
    let withLoss loss (e: Experiment) = { e with Loss = loss }
    let withSchedule schedule (e: Experiment) = { e with Schedule = schedule }
    let withThreads threads (e: Experiment) = { e with Threads = threads }
    let withPrecision precision (e: Experiment) = { e with Precision = precision }
    let withL2 lambda (e: Experiment) = { e with L2 = lambda }
    let withScale scale (e: Experiment) = { e with Scale = scale }
    let withWarmup epochs startFactor (e: Experiment) = { e with Warmup = Some { Epochs = epochs; StartFactor = startFactor } }
    let withClipNorm c (e: Experiment) = { e with ClipNorm = Some c }

    /// `e` with the update rule `o` (and its settings).
    let withOptimizer (o: Optimizer) (e: Experiment) = { e with Optimizer = o }

    /// The momentum settings of gd and sgd: the run's when it has them (gd and sgd share them), else none.
    let private sgdSettings (e: Experiment) =
        match e.Optimizer with
        | Gd s
        | Sgd s -> s
        | _ -> { Momentum = 0.0; Nesterov = false }: SgdSettings

    /// Batch gradient descent, keeping the run's momentum if it has one.
    let gd (e: Experiment) = { e with Optimizer = Gd(sgdSettings e) }

    /// Mini-batch SGD over batches of `batchSize`, keeping the run's momentum if it has one.
    let sgd batchSize (e: Experiment) = { e with Optimizer = Sgd(sgdSettings e); BatchSize = batchSize }

    /// `rule` (at torch's defaults, unless the run already uses that rule) over batches of `batchSize`.
    let private adaptive (rule: Optimizer) batchSize (e: Experiment) =
        let same = Optimizer.name e.Optimizer = Optimizer.name rule
        { e with Optimizer = (if same then e.Optimizer else rule); BatchSize = batchSize }

    /// The adaptive rules with torch's defaults, one step per mini-batch of `batchSize` (the other settings kept).
    let adagrad batchSize e = adaptive Optimizer.adagrad batchSize e
    let rmsprop batchSize e = adaptive Optimizer.rmsprop batchSize e
    let adam batchSize e = adaptive Optimizer.adam batchSize e
    let adamw batchSize e = adaptive Optimizer.adamw batchSize e
    let nadam batchSize e = adaptive Optimizer.nadam batchSize e
    let radam batchSize e = adaptive Optimizer.radam batchSize e
    let adamax batchSize e = adaptive Optimizer.adamax batchSize e
    let adadelta batchSize e = adaptive Optimizer.adadelta batchSize e

    /// Sets one of the rule's settings; one the rule does not read is an InvalidSetting (DescentError) naming the
    /// rules that read it.
    let private setting (s: Setting) (v: HyperValue) (e: Experiment) = { e with Optimizer = Optimizer.set s v e.Optimizer }

    /// Heavy-ball momentum μ (gd, sgd: torch's buffer v ← μv + g; rmsprop: its buffer of g/√v).
    let withMomentum mu (e: Experiment) =
        let e = setting Setting.Momentum (Real mu) e
        if Optimizer.reads Setting.Nesterov e.Optimizer then setting Setting.Nesterov (OnOff false) e else e

    /// Nesterov momentum μ (gd, sgd).
    let withNesterov mu (e: Experiment) = e |> setting Setting.Momentum (Real mu) |> setting Setting.Nesterov (OnOff true)
    let withBetas beta1 beta2 (e: Experiment) = e |> setting Setting.Beta1 (Real beta1) |> setting Setting.Beta2 (Real beta2)
    let withEpsilon eps (e: Experiment) = setting Setting.Epsilon (Real eps) e
    let withRho rho (e: Experiment) = setting Setting.Rho (Real rho) e
    let withAmsgrad (e: Experiment) = setting Setting.Amsgrad (OnOff true) e
    let withCentered (e: Experiment) = setting Setting.Centered (OnOff true) e
    let withWeightDecay lambda (e: Experiment) = setting Setting.WeightDecay (Real lambda) e
    let withMomentumDecay psi (e: Experiment) = setting Setting.MomentumDecay (Real psi) e
    /// RMSprop with the centered second moment, torch's defaults otherwise.
    let rmspropCentered batchSize (e: Experiment) = e |> rmsprop batchSize |> withCentered

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
    let readsBatches (e: Experiment) = Optimizer.readsBatches e.Optimizer

