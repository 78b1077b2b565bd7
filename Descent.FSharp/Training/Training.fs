/// The epoch and batch loop over the C# kernels: gradient, regularization, update rule, schedule, stopping rules.
module Descent.Training

open System
open System.Numerics
open System.Threading
open Descent.Core

/// One finished epoch, as reported to the caller's callback (a struct, so reporting allocates nothing).
[<Struct>]
type EpochStats =
    { Epoch: int
      Loss: float
      Rate: float
      /// NaN when there is no validation set.
      ValidationLoss: float
      ValidationAccuracy: float }

/// Which epochs' weights a run keeps in its history.
type WeightRecord =
    | NoWeights
    /// Every epoch's (`train --record-weights`).
    | EveryEpoch
    /// Every epoch's, and the update rule's state before each epoch (the landscape's paths and their step arrows).
    | EveryEpochWithRuleState
    /// Epochs 1, 1 + n, 1 + 2n, … and the last (the replay of data.html, which shows at most about 200 frames).
    | EveryNth of int

type History =
    { Losses: float[]
      Rates: float[]
      /// Mean loss per validation row, per epoch (empty without validation).
      ValidationLosses: float[]
      ValidationAccuracies: float[]
      /// (epoch, class-major weights after it) for the epochs the run recorded (see WeightRecord); empty by default.
      Weights: (int * float[])[]
      /// With EveryEpochWithRuleState, the rule's state before each finished epoch (at [t], the state epoch t + 1
      /// started from: fresh at [0]); empty otherwise.
      RuleStates: UpdateRuleState[] }

type Outcome =
    { InitialWeights: float[]
      /// Class-major weights after the last finite epoch.
      Weights: float[]
      Features: int
      Outputs: int
      History: History
      Stop: StopReason
      /// Epochs completed with a finite loss.
      Epochs: int
      /// The epoch whose loss or weights were not finite (Diverged only).
      DivergedAt: int option
      /// Weights (biases not counted) that are exactly zero in Weights: an L1 penalty's proximal step sets them.
      ZeroWeights: int

      /// Which epochs' weights History.Weights holds.
      Recorded: WeightRecord
      /// A network's sizes (the features without the bias, the hidden widths, the outputs); empty for the linear model,
      /// whose weights are class-major. A network's weights are Core's flat layout (Network.layers gives its matrices).
      Sizes: int[] }

module Outcome =
    /// The network layout of an outcome with hidden layers (None for the linear model).
    let layout (o: Outcome) = if o.Sizes.Length > 2 then Some(NetworkLayout o.Sizes) else None

/// Per-epoch values. Room for the first 65,536 epochs is taken up front, so ordinary runs allocate nothing per epoch
/// and a run of 10^9 epochs does not reserve gigabytes it may never use; beyond that the buffer doubles.
type Series(epochs: int) =
    let mutable items: float[] = Array.zeroCreate (min epochs 65536)
    let mutable count = 0

    member _.Add(v: float) =
        if count = items.Length then Array.Resize(&items, max 1 (2 * items.Length))
        items.[count] <- v
        count <- count + 1

    member _.ToArray() = Array.sub items 0 count

/// Core's BatchTrainer (which does all of a batch's work; allocates only in its constructor) for `e`'s loss, batch size,
/// shuffling, update rule and penalties, training `initial` on the first `rows` rows of `x` (column-major, the bias
/// column last) against `targets`.
let batchTrainer<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (e: Experiment) (x: 'T[]) (targets: 'T[]) (rows: int) (features: int) (outputs: int) (initial: float[]) =
    new BatchTrainer<'T>(
        e.Loss,
        x,
        targets,
        rows,
        features,
        outputs,
        (if Experiment.readsBatches e then e.BatchSize else rows),
        Experiment.readsBatches e && e.Shuffle,
        Array.map Numeric.FromDouble<'T> initial,
        ExperimentRule.create<'T> e features outputs,
        l2 = Experiment.l2Of e,
        l1 = Experiment.l1Of e,
        clipNorm = Option.toNullable e.ClipNorm,
        threads = e.Threads
    )

/// Loss and accuracy of the current weights on a fixed set of rows (the validation curve); preallocated.
type Evaluator<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (loss: LossKind, x: 'T[], targets: 'T[], y: int[], features: int, outputs: int) =
    let rows = y.Length
    let engine = new GradientEngine<'T>(loss, features, outputs)
    let gradient = Array.zeroCreate<'T> (features * outputs)
    let scores = Array.zeroCreate<'T> (rows * outputs)

    member _.Evaluate(w: 'T[]) : struct (float * float) =
        let xs = ColumnMajorRows<'T>(ReadOnlySpan x, rows, 0, rows, features)
        let total = engine.Compute(xs, ColumnMajorRows<'T>(ReadOnlySpan targets, rows, 0, rows, outputs), ReadOnlySpan w, Span gradient)
        Prediction.Scores(xs, ReadOnlySpan w, outputs, Span scores)
        let mutable correct = 0
        for i in 0 .. rows - 1 do
            if Model.classOfScores outputs rows scores i = y.[i] then correct <- correct + 1
        struct (total / float rows, float correct / float rows)

/// Loss and accuracy of a network's current weights on a fixed set of rows (the validation curve); preallocated.
type NetworkEvaluator<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (layout: NetworkLayout, activation: ActivationKind, loss: LossKind, x: 'T[], targets: 'T[], y: int[]) =
    let rows = y.Length
    let workspace = new NetworkWorkspace<'T>(layout, activation, loss, rows)
    let scores = Array.zeroCreate<'T> (rows * layout.Outputs)

    member _.Evaluate(w: 'T[]) : struct (float * float) =
        let xs = ColumnMajorRows<'T>(ReadOnlySpan x, rows, 0, rows, layout.InputColumns)
        let total = workspace.LossOf(xs, ColumnMajorRows<'T>(ReadOnlySpan targets, rows, 0, rows, layout.Outputs), ReadOnlySpan w)
        workspace.Scores(xs, ReadOnlySpan w, Span scores)
        let mutable correct = 0
        for i in 0 .. rows - 1 do
            if Model.classOfScores layout.Outputs rows scores i = y.[i] then correct <- correct + 1
        struct (total / float rows, float correct / float rows)

    interface IDisposable with
        member _.Dispose() = workspace.Dispose()

/// Core's NetworkTrainer for `e`'s network, loss, batch size, shuffling, update rule, penalties and clipping, training
/// `initial` (the flat layout) on the first `rows` rows of `x` against `targets`.
let networkTrainer<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (e: Experiment) (layout: NetworkLayout) (x: 'T[]) (targets: 'T[]) (rows: int) (initial: float[]) =
    new NetworkTrainer<'T>(
        layout,
        e.Architecture.Activation,
        e.Loss,
        x,
        targets,
        rows,
        (if Experiment.readsBatches e then e.BatchSize else rows),
        Experiment.readsBatches e && e.Shuffle,
        Array.map Numeric.FromDouble<'T> initial,
        ExperimentRule.settings e layout.WeightCount,
        l2 = Experiment.l2Of e,
        l1 = Experiment.l1Of e,
        clipNorm = Option.toNullable e.ClipNorm,
        threads = e.Threads
    )

/// What the epoch loop needs of a trainer: a new epoch, one pass at a rate, the weights it trains.
[<NoEquality; NoComparison>]
type private Stepper<'T> =
    { NewEpoch: RandomState -> unit
      Epoch: float -> float
      Weights: 'T[]
      Evaluate: ('T[] -> struct (float * float)) option
      SaveRuleState: unit -> UpdateRuleState }

/// The first `count` values in the training precision: the same array for float64 (a big matrix is not copied, and
/// may have room after its values), a converted copy of those values otherwise.
let convertFirst<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (count: int) (values: float[]) : 'T[] =
    match box values with
    | :? ('T[]) as same -> same
    | _ -> Array.init count (fun i -> Numeric.FromDouble<'T> values.[i])

let private convert<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (values: float[]) : 'T[] =
    convertFirst<'T> values.Length values

/// The epoch loop over `trainer` (`rng` reshuffles a shuffling run's rows each epoch).
let private loop<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (record: WeightRecord) (e: Experiment) (rng: RandomState) (trainer: Stepper<'T>) (onEpoch: EpochStats -> unit) (cancel: CancellationToken) =
    let evaluator = trainer.Evaluate
    let losses = Series e.Epochs
    let rates = Series e.Epochs
    let vLosses = Series(if evaluator.IsSome then e.Epochs else 0)
    let vAccuracies = Series(if evaluator.IsSome then e.Epochs else 0)
    let schedule = RateSchedule.Rates e
    let lastGood = Array.copy trainer.Weights
    let weights = ResizeArray<int * float[]>()
    let keep epoch =
        match record with
        | NoWeights -> false
        | EveryEpoch
        | EveryEpochWithRuleState -> true
        | EveryNth n -> (epoch - 1) % n = 0
    let keepsRuleState = (match record with EveryEpochWithRuleState -> true | _ -> false)
    let ruleStates = ResizeArray<UpdateRuleState>()
    let mutable completed = 0
    let mutable stop = EpochLimit
    let mutable diverged = None
    let mutable best = Double.PositiveInfinity
    let mutable sinceBest = 0
    let mutable go = true
    while go && completed < e.Epochs do
        if cancel.IsCancellationRequested then
            stop <- Interrupted
            go <- false
        else
            let rate = schedule.Rate completed
            let ruleState = if keepsRuleState then trainer.SaveRuleState() else null
            trainer.NewEpoch rng
            let loss = trainer.Epoch rate
            if not (Double.IsFinite loss && Finite.All(ReadOnlySpan trainer.Weights)) then
                stop <- Diverged
                diverged <- Some(completed + 1)
                go <- false
            else
                Array.blit trainer.Weights 0 lastGood 0 lastGood.Length
                if not (isNull ruleState) then ruleStates.Add ruleState
                losses.Add loss
                rates.Add rate
                let struct (vLoss, vAccuracy) =
                    match evaluator with
                    | Some evaluate -> evaluate trainer.Weights
                    | None -> struct (nan, nan)
                if evaluator.IsSome then
                    vLosses.Add vLoss
                    vAccuracies.Add vAccuracy
                schedule.EpochEnded(completed, (if evaluator.IsSome then vLoss else loss))
                completed <- completed + 1
                if keep completed then weights.Add((completed, Array.map Numeric.ToDouble<'T> lastGood))
                onEpoch { Epoch = completed; Loss = loss; Rate = rate; ValidationLoss = vLoss; ValidationAccuracy = vAccuracy }
                if loss < best - e.MinDelta then
                    best <- loss
                    sinceBest <- 0
                else
                    sinceBest <- sinceBest + 1
                match e.TargetLoss, e.Patience with
                | Some target, _ when loss <= target ->
                    stop <- TargetReached
                    go <- false
                | _, Some patience when sinceBest >= patience ->
                    stop <- NoImprovement
                    go <- false
                | _ -> ()
    let history =
        { Losses = losses.ToArray()
          Rates = rates.ToArray()
          ValidationLosses = vLosses.ToArray()
          ValidationAccuracies = vAccuracies.ToArray()
          Weights =
            // The last finished epoch always ends the record (the replay's last frame).
            match record with
            | EveryNth _ when completed > 0 && (weights.Count = 0 || fst weights.[weights.Count - 1] <> completed) ->
                Array.append (weights.ToArray()) [| completed, Array.map Numeric.ToDouble<'T> lastGood |]
            | _ -> weights.ToArray()
          RuleStates = ruleStates.ToArray() }
    struct (Array.map Numeric.ToDouble<'T> lastGood, history, stop, completed, diverged)

let private run<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> IBinaryFloatingPointIeee754<'T>>
    (record: WeightRecord) (e: Experiment) (classWeights: float[]) (train: LabelledRows) (targets: float[]) (validation: LabelledRows option) (onEpoch: EpochStats -> unit) (cancel: CancellationToken) : Outcome =
    let features = train.X.Cols
    let classes = classWeights.Length
    let outputs = Model.outputsOf e.Loss classes
    // The validation curve is unweighted, like the classification report.
    let unweighted = Array.create classes 1.0
    let validationSet (v: LabelledRows) =
        convertFirst<'T> (v.X.Rows * v.X.Cols) v.X.Data, convert<'T> (Model.targetsOf e.Loss outputs unweighted v.Y)
    // The weights take the generator's first draws; a shuffling SGD run continues from the same generator.
    let rng = RandomState(e.InitSeed)
    let x = convertFirst<'T> (train.X.Rows * train.X.Cols) train.X.Data
    if Experiment.isNetwork e then
        let layout = Network.layout e.Architecture features outputs
        let initial = Network.drawInitialWeights e.Architecture.Init rng layout
        use trainer = networkTrainer<'T> e layout x (convert<'T> targets) train.X.Rows initial
        let evaluator =
            validation
            |> Option.map (fun v ->
                let vx, vt = validationSet v
                new NetworkEvaluator<'T>(layout, e.Architecture.Activation, e.Loss, vx, vt, v.Y))
        let stepper =
            { NewEpoch = trainer.NewEpoch
              Epoch = trainer.Epoch
              Weights = trainer.Weights
              Evaluate = evaluator |> Option.map (fun ev -> ev.Evaluate)
              SaveRuleState = trainer.Rule.SaveState }
        let struct (final, history, stop, completed, diverged) =
            try
                loop record e rng stepper onEpoch cancel
            finally
                evaluator |> Option.iter (fun ev -> (ev :> IDisposable).Dispose())
        { InitialWeights = initial
          Weights = final
          Features = features
          Outputs = outputs
          History = history
          Stop = stop
          Epochs = completed
          DivergedAt = diverged
          ZeroWeights = Network.zeroWeights layout final
          Recorded = record
          Sizes = layout.Sizes.ToArray() }
    else
        let initial = Model.drawInitialWeights rng features outputs
        use trainer = batchTrainer<'T> e x (convert<'T> targets) train.X.Rows features outputs initial
        let evaluator =
            validation
            |> Option.map (fun v ->
                let vx, vt = validationSet v
                Evaluator<'T>(e.Loss, vx, vt, v.Y, features, outputs))
        let stepper =
            { NewEpoch = trainer.NewEpoch
              Epoch = trainer.Epoch
              Weights = trainer.Weights
              Evaluate = evaluator |> Option.map (fun ev -> ev.Evaluate)
              SaveRuleState = trainer.Rule.SaveState }
        let struct (final, history, stop, completed, diverged) = loop record e rng stepper onEpoch cancel
        { InitialWeights = initial
          Weights = final
          Features = features
          Outputs = outputs
          History = history
          Stop = stop
          Epochs = completed
          DivergedAt = diverged
          ZeroWeights = Core.L1.Zeros(ReadOnlySpan final, features)
          Recorded = record
          Sizes = [||] }

/// Trains a model of as many classes as `classWeights` has weights on `train` (X with the bias column), each row's loss
/// and gradient multiplied by its class's weight, against `targets` (train's, Model.targetsOf), reporting each finished
/// epoch to `onEpoch` and keeping the weights of the epochs `record` asks for.
let train (record: WeightRecord) (e: Experiment) (classWeights: float[]) (train: LabelledRows) (targets: float[]) (validation: LabelledRows option) (onEpoch: EpochStats -> unit) (cancel: CancellationToken) =
    match e.Precision with
    | Float64 -> run<float> record e classWeights train targets validation onEpoch cancel
    | Float32 -> run<float32> record e classWeights train targets validation onEpoch cancel
