namespace Descent

/// A setting of an experiment or of a command's work, as the library knows it. The command line maps each to the flag
/// that sets it (Cli.FSharp's Cli/CliErrors.fs, flagOf); a script sees the setting's description.
type Setting =
    | DataSamples
    | DataFeatures
    | DataCenters
    | DataClusterStd
    | DataNoise
    | DataFactor
    | DataSeed
    | DataFile
    | DataLabel
    | DataDelimiter
    | DataNoHeader
    | DataDropMissing
    | DataColumns
    | DataIgnore
    | TestSize
    | SplitSeed
    | ValidationFraction
    | InitSeed
    | Epochs
    | Alpha
    | BatchSize
    | OptimizerChoice
    | Momentum
    | Nesterov
    | Beta1
    | Beta2
    | Epsilon
    | Amsgrad
    | Rho
    | Centered
    | MomentumDecay
    | WeightDecay
    | ClipNorm
    | L2
    | L1
    | ElasticNet
    | L1Ratio
    | ClassWeights
    | Loss
    | ScheduleChoice
    | ScheduleDecay
    | ScheduleStepEvery
    | ScheduleGamma
    | ScheduleTMax
    | ScheduleEtaMin
    | PlateauFactor
    | PlateauPatience
    | PlateauThreshold
    | WarmupEpochs
    | WarmupStart
    | TargetLoss
    | Patience
    | MinDelta
    | Threads
    /// One slice of a sweep's grid, run apart from the rest.
    | SweepShard
    /// Continuing a sweep from its journal.
    | SweepResume
    /// The two weights a landscape's plane runs along.
    | LandscapeAxes
    /// The random directions of a landscape's plane.
    | LandscapeDirections
    | DirectionSeed
    /// The weights a landscape's grid is centred on.
    | LandscapeCenter
    | LandscapeSpan
    | LandscapeResolution
    /// The update rules whose paths a landscape draws.
    | CompareRules
    | MinLearningRate
    | MaxLearningRate
    | LrSteps
    /// The weights a gradient check runs at.
    | CheckAt
    /// The step of the central differences.
    | DifferenceStep
    | CheckTolerance
    /// The widths of a network's hidden layers.
    | HiddenLayers
    | ActivationChoice
    /// How a network's initial weights are drawn.
    | InitChoice

    /// How a script reads the setting's name in a message.
    member s.Description =
        match s with
        | DataSamples -> "the number of samples"
        | DataFeatures -> "the number of features"
        | DataCenters -> "the number of centers"
        | DataClusterStd -> "the cluster standard deviation"
        | DataNoise -> "the noise"
        | DataFactor -> "the circles' factor"
        | DataSeed -> "the data seed"
        | DataFile -> "the data file"
        | DataLabel -> "the label column"
        | DataDelimiter -> "the delimiter"
        | DataNoHeader -> "reading the first row as data"
        | DataDropMissing -> "dropping rows with empty cells"
        | DataColumns -> "the feature columns"
        | DataIgnore -> "the columns left out"
        | TestSize -> "the test size"
        | SplitSeed -> "the split seed"
        | ValidationFraction -> "the validation fraction"
        | InitSeed -> "the init seed"
        | Epochs -> "the number of epochs"
        | Alpha -> "the learning rate"
        | BatchSize -> "the batch size"
        | OptimizerChoice -> "the optimizer"
        | Momentum -> "the momentum"
        | Nesterov -> "Nesterov momentum"
        | Beta1 -> "beta1"
        | Beta2 -> "beta2"
        | Epsilon -> "epsilon"
        | Amsgrad -> "AMSGrad"
        | Rho -> "rho"
        | Centered -> "centered RMSprop"
        | MomentumDecay -> "NAdam's momentum decay"
        | WeightDecay -> "AdamW's weight decay"
        | ClipNorm -> "the gradient clipping norm"
        | L2 -> "the L2 penalty"
        | L1 -> "the L1 penalty"
        | ElasticNet -> "the elastic-net penalty"
        | L1Ratio -> "the elastic net's L1 ratio"
        | ClassWeights -> "the class weights"
        | Loss -> "the loss"
        | ScheduleChoice -> "the schedule"
        | ScheduleDecay -> "the schedule's decay"
        | ScheduleStepEvery -> "the step schedule's epochs per step"
        | ScheduleGamma -> "the exponential schedule's gamma"
        | ScheduleTMax -> "the cosine schedule's period"
        | ScheduleEtaMin -> "the cosine schedule's minimum rate"
        | PlateauFactor -> "the plateau schedule's factor"
        | PlateauPatience -> "the plateau schedule's patience"
        | PlateauThreshold -> "the plateau schedule's threshold"
        | WarmupEpochs -> "the warm-up epochs"
        | WarmupStart -> "the warm-up's start factor"
        | TargetLoss -> "the target loss"
        | Patience -> "the patience"
        | MinDelta -> "the minimum improvement"
        | Threads -> "the number of threads"
        | SweepShard -> "a sharded sweep"
        | SweepResume -> "resuming the sweep from its journal"
        | LandscapeAxes -> "the landscape's axes"
        | LandscapeDirections -> "the landscape's directions"
        | DirectionSeed -> "the directions' seed"
        | LandscapeCenter -> "the landscape's centre"
        | LandscapeSpan -> "the landscape's span"
        | LandscapeResolution -> "the landscape's resolution"
        | CompareRules -> "the compared rules"
        | MinLearningRate -> "the smallest learning rate"
        | MaxLearningRate -> "the largest learning rate"
        | LrSteps -> "the number of steps"
        | CheckAt -> "the weights checked"
        | DifferenceStep -> "the difference step"
        | CheckTolerance -> "the tolerance"
        | HiddenLayers -> "the hidden layers"
        | ActivationChoice -> "the activation"
        | InitChoice -> "the initial weights' scheme"

    /// Each case's token by its tag, made once: a union's own ToString formats with sprintf "%+A", about 0.4 ms a
    /// call, and messages are built on every run's path (the memory check's, before it knows whether it refuses).
    static let tokens =
        let cases = Reflection.FSharpType.GetUnionCases(typeof<Setting>)
        Array.init cases.Length (fun i -> "{" + cases.[i].Name + "}")
    static let tagOf = Reflection.FSharpValue.PreComputeUnionTagReader(typeof<Setting>)

    /// How a message refers to the setting, "{Alpha}": replaced by the setting's description or, on the command
    /// line, by its flag.
    member s.Token = tokens.[tagOf (box s)]

/// Which file a problem is about: the command line names each kind by the flag that gave it.
type FileRole =
    /// A table of training data.
    | DataTable
    /// A table of rows to predict.
    | PredictTable
    /// A saved model.
    | ModelFile
    /// A part written by a sharded sweep.
    | SweepPart
    /// A sweep's journal of finished configurations.
    | SweepJournal
    /// A folder outputs are written into.
    | OutputFolder
    /// A file an output is written to.
    | OutputFile

/// What is wrong, said in the library's own terms. Messages may refer to settings by their tokens ("{Alpha}"), which a
/// script reads as the setting's description and the command line as its flag.
type Problem =
    /// A setting out of range or not applicable; the requirement follows the setting: "must be a finite number > 0 (got -1)".
    | InvalidSetting of setting: Setting * requirement: string
    /// A file that cannot be used; `detail` follows the path directly: ": no such file", ", line 3, column 'b': …",
    /// " is a file, not a folder".
    | InvalidFile of role: FileRole * path: string * detail: string
    /// Anything else that is wrong with the input (a split that leaves a set empty, parts of different grids, …).
    | InvalidInput of message: string

module Problem =

    // Lazy: a module's top-level values are built when the program starts, and only an error needs this one. Case
    // names may end in digits ({L1}, {Beta2}).
    let private tokens = lazy System.Text.RegularExpressions.Regex(@"\{([A-Za-z][A-Za-z0-9]*)\}")

    /// Replaces each setting token in `text` by `name setting`.
    let private expand (name: Setting -> string) (text: string) =
        if not (text.Contains '{') then
            text
        else
            let cases = Reflection.FSharpType.GetUnionCases typeof<Setting>
            tokens.Value.Replace(text, fun m ->
                match cases |> Array.tryFind (fun c -> c.Name = m.Groups.[1].Value) with
                | Some c -> name (Reflection.FSharpValue.MakeUnion(c, [||]) :?> Setting)
                | None -> m.Value)

    /// The problem as one line, settings named by `settingName` and files introduced by `fileIntro` ("--csv ", "").
    let render (settingName: Setting -> string) (fileIntro: FileRole -> string) (p: Problem) =
        match p with
        | InvalidSetting (s, requirement) -> settingName s + " " + expand settingName requirement
        | InvalidFile (role, path, detail) -> fileIntro role + path + expand settingName detail
        | InvalidInput message -> expand settingName message

    /// The problem as one sentence for a script or a log (the command line words it with flags instead).
    let describe (p: Problem) =
        let text = render (fun s -> s.Description) (fun _ -> "") p
        if text = "" then text else string (System.Char.ToUpperInvariant text.[0]) + text.Substring 1

/// Bad input found by the library: one line at the edge of the program, exit code 2.
exception DescentError of Problem with
    override e.Message = Problem.describe e.Data0

module Fail =
    /// Raises an InvalidSetting problem.
    let setting (s: Setting) (requirement: string) : 'a = raise (DescentError(InvalidSetting(s, requirement)))

    /// Raises an InvalidFile problem; `detail` follows the path directly.
    let file (role: FileRole) (path: string) (detail: string) : 'a = raise (DescentError(InvalidFile(role, path, detail)))

    /// Raises an InvalidInput problem.
    let input (message: string) : 'a = raise (DescentError(InvalidInput message))

/// An output that could not be written (a full disk, an I/O error, a folder made read-only mid-run): `path` is the
/// file as the caller named it, `cause` what the system said ("no space left on device"). The writer has removed its
/// temporary file, and every file written before this one is whole. Exit code 4.
exception WriteFailed of path: string * cause: string with
    override e.Message = $"could not write {e.path}: {e.cause}"

/// Exit codes of the `descent` command.
type ExitCode =
    | Ok = 0
    | BadInput = 2
    | NumericalFailure = 3
    /// An output file could not be written (WriteFailed).
    | OutputFailed = 4
    /// Stopped by SIGINT (Ctrl-C).
    | Interrupted = 130
    /// Stopped by SIGTERM (what Slurm and most schedulers send before they kill a job).
    | Terminated = 143
