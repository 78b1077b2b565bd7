namespace Descent

open Descent.Core

/// Element type the training runs in (data are generated and reported in float64 either way).
type Precision =
    | Float64
    | Float32

type Optimizer =
    /// Vanilla batch gradient descent: one update per epoch over the whole training set.
    | Gd
    /// Mini-batch SGD: consecutive batches of the training rows, one update per batch.
    | Sgd

/// The learning rate at epoch e (0-based count of finished epochs).
type Schedule =
    /// alpha
    | Constant
    /// alpha * decay ^ floor(e / every)
    | Step of decay: float * every: int
    /// alpha / (1 + decay * e)
    | InvScaling of decay: float

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
      Momentum: float
      Nesterov: bool
      L2: float
      /// L1 penalty λ·‖w‖₁ (bias excluded), as a soft-threshold of rate·λ after each update.
      L1: float
      /// Instead of L1 and L2: scikit-learn's elastic net.
      ElasticNet: ElasticNet option
      ClassWeight: ClassWeight
      Loss: LossKind
      Schedule: Schedule
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
          L2 = 0.0
          L1 = 0.0
          ElasticNet = None
          ClassWeight = Unweighted
          Loss = LossKind.SquaredError
          Schedule = Constant
          TargetLoss = None
          Patience = None
          MinDelta = 0.0
          Threads = 1
          Precision = Float64
          Scale = NoScaling }

    /// A CSV file read as the command line reads it by default: header detected, the last column the label, commas.
    let csvFile (path: string) : CsvSpec = DataSpec.csvFile path

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

    /// The learning rate for epoch e (0-based).
    let rate (e: Experiment) (epoch: int) =
        match e.Schedule with
        | Constant -> e.Alpha
        | Step (decay, every) -> e.Alpha * (decay ** float (epoch / every))
        | InvScaling decay -> e.Alpha / (1.0 + decay * float epoch)
