/// Errors at the edge of the program: the library's problems worded with the command line's flags, and the command
/// line's own errors. Program.fs turns each into one line and an exit code.
module Descent.Cli.CliErrors

open Descent

/// A flag given a value it does not allow (out of range, not one of its choices, not applicable): one line naming
/// the flag and what it allows, then a usage line; exit code 2.
exception FlagError of string

/// A problem the user can fix that is not one flag's value (a broken file, an unusable folder): one line, exit code 2.
exception InputError of string

/// The flag that sets each setting (a phrase where the setting is a command).
let flagOf (s: Setting) =
    match s with
    | DataSamples -> "--samples"
    | DataFeatures -> "--features"
    | DataCenters -> "--centers"
    | DataClusterStd -> "--cluster-std"
    | DataNoise -> "--noise"
    | DataFactor -> "--factor"
    | DataSeed -> "--data-seed"
    | DataFile -> "--csv"
    | DataLabel -> "--label"
    | DataDelimiter -> "--delimiter"
    | DataNoHeader -> "--no-header"
    | DataDropMissing -> "--drop-missing"
    | DataColumns -> "--columns"
    | DataIgnore -> "--ignore"
    | TestSize -> "--test-size"
    | SplitSeed -> "--split-seed"
    | ValidationFraction -> "--validation-fraction"
    | InitSeed -> "--init-seed"
    | Epochs -> "--epochs"
    | Alpha -> "--alpha"
    | BatchSize -> "--batch-size"
    | OptimizerChoice -> "--optimizer"
    | Momentum -> "--momentum"
    | Nesterov -> "--nesterov"
    | Beta1 -> "--beta1"
    | Beta2 -> "--beta2"
    | Epsilon -> "--eps"
    | Amsgrad -> "--amsgrad"
    | Rho -> "--rho"
    | Centered -> "--centered"
    | MomentumDecay -> "--momentum-decay"
    | WeightDecay -> "--weight-decay"
    | ClipNorm -> "--clip-norm"
    | L2 -> "--l2"
    | L1 -> "--l1"
    | ElasticNet -> "--elastic-net"
    | L1Ratio -> "--l1-ratio"
    | ClassWeights -> "--class-weight"
    | Loss -> "--loss"
    | ScheduleChoice -> "--schedule"
    | ScheduleDecay -> "--decay"
    | ScheduleStepEvery -> "--step-every"
    | ScheduleGamma -> "--gamma"
    | ScheduleTMax -> "--t-max"
    | ScheduleEtaMin -> "--eta-min"
    | PlateauFactor -> "--plateau-factor"
    | PlateauPatience -> "--plateau-patience"
    | PlateauThreshold -> "--threshold"
    | WarmupEpochs -> "--warmup"
    | WarmupStart -> "--warmup-start"
    | TargetLoss -> "--target-loss"
    | Patience -> "--patience"
    | MinDelta -> "--min-delta"
    | Threads -> "--threads"
    | SweepShard -> "descent sweep --shard"
    | SweepResume -> "--resume"
    | LandscapeAxes -> "--axes"
    | LandscapeDirections -> "--directions"
    | DirectionSeed -> "--direction-seed"
    | LandscapeCenter -> "--center"
    | LandscapeSpan -> "--span"
    | LandscapeResolution -> "--resolution"
    | CompareRules -> "--compare"
    | MinLearningRate -> "--min-lr"
    | MaxLearningRate -> "--max-lr"
    | LrSteps -> "--steps"
    | CheckAt -> "--at"
    | DifferenceStep -> "--h"
    | CheckTolerance -> "--tolerance"
    | HiddenLayers -> "--hidden"
    | ActivationChoice -> "--activation"
    | InitChoice -> "--init"

/// How a message introduces a file of each role: the flag that named it (or the verb that read it).
let private fileIntro (role: FileRole) =
    match role with
    | DataTable
    | PredictTable -> "--csv "
    | ModelFile -> "--model "
    | SweepPart -> "merge: "
    | SweepJournal -> ""
    | OutputFolder
    | OutputFile -> "--out "

/// The problem as the command line words it.
let render (p: Problem) = Problem.render flagOf fileIntro p

/// Runs `f`; a file problem it raises is introduced by `flag` (an output file's flag depends on the verb).
let withFileFlag (flag: string) (f: unit -> 'a) : 'a =
    try
        f ()
    with DescentError (InvalidFile _ as p) ->
        raise (InputError(Problem.render flagOf (fun _ -> flag + " ") p))

/// The one line of an Argu error that says what is wrong (its message goes on with the usage).
let arguErrorLine (ex: Argu.ArguParseException) =
    ex.Message.Replace("\r", "").Split('\n').[0].Replace("ERROR: ", "").Trim()
