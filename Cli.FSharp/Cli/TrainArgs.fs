/// The flags of `descent train`: the command line as data, one case per flag, each usage line showing its default.
module Descent.Cli.TrainArgs

open Argu
open Descent
open Descent.Cli.CliErrors

/// train's defaults, read by both the usage lines and the code: the lesson's experiment and the command's own (the
/// rules' and schedules' own defaults are the library's: Optimizer.named, Schedule.named).
module Defaults =
    let experiment = Experiment.lesson
    let printEvery = 5
    let out = "out"
    /// scikit-learn's SGDClassifier l1_ratio.
    let l1Ratio = 0.15

let private lesson = Defaults.experiment
let private scheduleNames = FlagValues.sentence "or" Names.schedules
let private activationNames = FlagValues.sentence "or" (List.map fst Names.activations)

/// A rule's default value of `setting` ("0.9"), for the usage lines.
let private ruleDefault (rule: Optimizer) (setting: Setting) =
    Optimizer.settings rule
    |> List.tryFind (fst >> (=) setting)
    |> Option.map (function
        | _, Real x -> string x
        | _, Whole n -> string n
        | _, OnOff b -> if b then "on" else "off")
    |> Option.defaultValue "?"

let private readers (setting: Setting) = Optimizer.readers setting
/// The schedules' defaults (Schedule.named), for the usage lines.
let private scheduleDefault (name: string) = Names.tryParse Schedule.named name |> Option.get
let private stepDefaults = match scheduleDefault "step" with Step (decay, every) -> decay, every | _ -> nan, 0
let private invScalingDefault = match scheduleDefault "invscaling" with InvScaling decay -> decay | _ -> nan
let private exponentialDefault = match scheduleDefault "exponential" with Exponential gamma -> gamma | _ -> nan
let private plateauDefaults = Schedule.plateauDefaults

type TrainArgs =
    | Dataset of string
    | Samples of int
    | Features of int
    | Centers of int
    | Cluster_Std of float
    | Data_Seed of int64
    | Noise of float
    | Factor of float
    | Csv of path: string
    | Data of path: string
    | Label of column: string
    | Delimiter of string
    | No_Header
    | Drop_Missing
    | Columns of names: string
    | Ignore of names: string
    | Scale of string
    | Hidden of widths: string
    | Activation of string
    | Init of string
    | Test_Size of float
    | Split_Seed of int64
    | Validation_Fraction of float
    | Init_Seed of int64
    | Epochs of int
    | Alpha of float
    | Optimizer of string
    | Batch_Size of int
    | Shuffle
    | Momentum of float
    | Nesterov
    | Beta1 of float
    | Beta2 of float
    | Eps of float
    | Amsgrad
    | Rho of float
    | Centered
    | Momentum_Decay of float
    | Weight_Decay of float
    | Clip_Norm of float
    | L2 of float
    | L1 of float
    | Elastic_Net of float
    | L1_Ratio of float
    | Class_Weight of string
    | Loss of string
    | Schedule of string
    | Decay of float
    | Step_Every of int
    | Gamma of float
    | T_Max of int
    | Eta_Min of float
    | Plateau_Factor of float
    | Plateau_Patience of int
    | Threshold of float
    | Warmup of epochs: int
    | Warmup_Start of float
    | Target_Loss of float
    | Patience of int
    | Min_Delta of float
    | Threads of int
    | Dtype of string
    | Print_Every of int
    | Out of dir: string
    | Save_Model of file: string
    | Json
    | Record_Weights
    | No_Plots
    | Plotly_Js of source: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Dataset _ -> "blobs (make_blobs), moons (make_moons), circles (make_circles), xor (uniform in [-1, 1)^2, class 1 where x0 and x1 have the same sign) or csv (--csv FILE) (default: blobs, or csv when --csv is given)."
            | Samples _ | Features _ | Centers _ | Cluster_Std _ | Data_Seed _ | Noise _ | Factor _ -> DataFlags.usage a
            | Csv _ -> "CSV file to train on: another name for --data (default: none)."
            | Data _ -> "table to train on, read by its extension: .csv, .csv.gz, .tsv (tabs) or .parquet; implies --dataset csv (default: none)."
            | Label _ -> "csv: the label column, a header name or a 0-based index (default: the last column)."
            | Delimiter _ -> "csv: field delimiter, one character or 'tab' (default: ,)."
            | No_Header -> "csv: the first row is data (default: a header is detected: a row with a non-numeric feature cell)."
            | Drop_Missing -> "csv: skip rows with an empty cell instead of refusing the file (default: off)."
            | Columns _ -> "the feature columns of the table, by name, separated by commas (default: every column but the label)."
            | Ignore _ -> "columns of the table to leave out, by name, separated by commas: never read (default: none)."
            | Scale _ -> "feature scaling fitted on the training rows: none, standard or minmax (default: standard for csv, none for generated data)."
            | Hidden _ -> $"widths of hidden layers, W1[,W2,...], each >= 1, at most {Architecture.maxHiddenLayers} layers: a network trained by backpropagation (default: none, the linear model)."
            | Activation _ -> $"with --hidden: the hidden units' activation, {activationNames} (default: {Names.activationName Architecture.linear.Activation})."
            | Init _ -> $"with --hidden: initial weights from RandomState(--init-seed), layer after layer: lecun-normal randn/sqrt(n_in) (the reference's), glorot-uniform U(+-sqrt(6/(n_in+n_out))), glorot-normal randn*sqrt(2/(n_in+n_out)), he-uniform U(+-sqrt(6/n_in)) or he-normal randn*sqrt(2/n_in) (default: {Names.initName Architecture.linear.Init})."
            | Test_Size _ -> $"fraction of rows held out for testing, in (0, 1) (default: {lesson.TestSize})."
            | Split_Seed _ -> $"train_test_split random_state (default: {lesson.SplitSeed})."
            | Validation_Fraction _ -> $"fraction of the training rows held out for a validation curve, in [0, 1) (default: {lesson.ValidationFraction})."
            | Init_Seed _ -> $"seed of W = randn(d, K) (default: {lesson.InitSeed})."
            | Epochs _ -> $"epochs to train, >= 1 (default: {lesson.Epochs})."
            | Alpha _ -> $"learning rate, > 0 (default: {lesson.Alpha})."
            | Optimizer _ -> $"gd (batch gradient descent), sgd (mini-batches) or a torch.optim rule over mini-batches: adagrad, rmsprop, adam, adamw, nadam, radam, adamax, adadelta (default: {Names.optimizerName lesson.Optimizer})."
            | Batch_Size _ -> $"rows per mini-batch for every optimizer but gd, >= 1; at least the training rows is one step per epoch (default: {lesson.BatchSize})."
            | Shuffle -> "reshuffle the training rows every epoch (every optimizer but gd) (default: off, as in the lesson)."
            | Momentum _ -> $"momentum mu in [0, 1) of {readers Setting.Momentum}: gd/sgd as torch, v <- mu*v + g; W -= alpha*v; rmsprop: torch's buffer b <- mu*b + g/sqrt(v) (default: {ruleDefault Optimizer.sgd Setting.Momentum})."
            | Nesterov -> $"Nesterov momentum for {readers Setting.Nesterov}: W -= alpha*(g + mu*v) after v <- mu*v + g (needs --momentum > 0) (default: off)."
            | Beta1 _ -> $"{readers Setting.Beta1}: first-moment decay in [0, 1) (default: {ruleDefault Optimizer.adam Setting.Beta1})."
            | Beta2 _ -> $"{readers Setting.Beta2}: second-moment decay in [0, 1) (default: {ruleDefault Optimizer.adam Setting.Beta2})."
            | Eps _ -> $"epsilon > 0 of the adaptive rules (default: torch's, {ruleDefault Optimizer.adagrad Setting.Epsilon} for adagrad, {ruleDefault Optimizer.adadelta Setting.Epsilon} for adadelta, {ruleDefault Optimizer.adam Setting.Epsilon} for the others)."
            | Amsgrad -> $"{readers Setting.Amsgrad}: divide by the running maximum of the second moment (default: off)."
            | Rho _ -> $"{readers Setting.Rho}: smoothing constant in [0, 1) (default: {ruleDefault Optimizer.rmsprop Setting.Rho} for rmsprop, {ruleDefault Optimizer.adadelta Setting.Rho} for adadelta)."
            | Centered -> $"{readers Setting.Centered}: divide by the centered second moment v - mean(g)^2 (default: off)."
            | Momentum_Decay _ -> $"{readers Setting.MomentumDecay}: psi >= 0 in mu_t = beta1*(1 - 0.96^(t*psi)/2) (default: {ruleDefault Optimizer.nadam Setting.MomentumDecay})."
            | Weight_Decay _ -> $"{readers Setting.WeightDecay}: decoupled weight decay >= 0, W <- W*(1 - alpha*decay), bias excluded (default: {ruleDefault Optimizer.adamw Setting.WeightDecay})."
            | Clip_Norm _ -> "scale the whole gradient (bias included) to this L2 norm > 0 when it is longer, after --l2, before the rule (torch clip_grad_norm_) (default: off)."
            | L2 _ -> $"L2 penalty lambda >= 0 on the weights, bias excluded (default: {lesson.L2})."
            | L1 _ -> $"L1 penalty lambda >= 0, bias excluded: a soft-threshold of alpha*lambda after each update, so weights reach exactly 0 (default: {lesson.L1})."
            | Elastic_Net _ -> "elastic net lambda >= 0, as scikit-learn: lambda*r of L1, lambda*(1-r) of L2, r from --l1-ratio; not with --l1 or --l2 (default: off)."
            | L1_Ratio _ -> $"the elastic net's L1 share r in [0, 1] (default: {Defaults.l1Ratio})."
            | Class_Weight _ -> "balanced (n / (K * count of the class), scikit-learn's) or NAME=W,... (others 1): each training row's loss and gradient times its class's weight; not for sse or logloss (default: none)."
            | Loss _ -> $"sse (the lesson's), logloss (binary cross-entropy), softmax (multinomial cross-entropy), hinge (binary; Weston-Watkins for 3+ classes), squared-hinge, modified-huber or perceptron (one-vs-rest for 3+ classes) (default: {Names.lossName lesson.Loss})."
            | Schedule _ -> $"learning-rate schedule: {scheduleNames} (default: {Names.scheduleName lesson.Schedule})."
            | Decay _ -> $"decay of the step (alpha*decay^floor(e/step_every)) or invscaling (alpha/(1+decay*e)) schedule (default: {stepDefaults |> fst} for step, {invScalingDefault} for invscaling)."
            | Step_Every _ -> $"epochs between steps of the step schedule (default: {stepDefaults |> snd})."
            | Gamma _ -> $"exponential schedule: alpha*gamma^e, gamma > 0 (default: {exponentialDefault})."
            | T_Max _ -> "cosine schedule: period T >= 1 of eta_min + (alpha - eta_min)*(1 + cos(pi*e/T))/2 (default: --epochs minus --warmup)."
            | Eta_Min _ -> "cosine schedule: the rate at the end of the period, >= 0 (default: 0)."
            | Plateau_Factor _ -> $"plateau schedule: multiply the rate by this, in (0, 1), when the loss stops improving (default: {plateauDefaults.Factor})."
            | Plateau_Patience _ -> $"plateau schedule: epochs without improvement, >= 0, before the rate drops; the training loss, or the validation loss with --validation-fraction (default: {plateauDefaults.Patience})."
            | Threshold _ -> $"plateau schedule: an epoch improves when its loss < best*(1 - threshold), threshold >= 0 (default: {plateauDefaults.Threshold})."
            | Warmup _ -> "linear warm-up epochs E, 1 <= E < --epochs, before the schedule, which then starts from its own epoch 0 (torch LinearLR + SequentialLR) (default: none)."
            | Warmup_Start _ -> $"warm-up start factor F in (0, 1]: the rate goes from F*alpha to alpha over --warmup epochs (default: {Warmup.DefaultStart} when --warmup is given)."
            | Target_Loss _ -> "stop once the epoch loss is <= this (default: off)."
            | Patience _ -> "stop when the loss has not improved by --min-delta in this many epochs (default: off)."
            | Min_Delta _ -> $"improvement that resets --patience (default: {lesson.MinDelta})."
            | Threads _ -> $"threads for the gradient; results do not depend on it (default: all cores, {System.Environment.ProcessorCount})."
            | Dtype _ -> $"float64 or float32 arithmetic for training (default: {Names.precisionName lesson.Precision})."
            | Print_Every _ -> $"print the loss at epoch 1 and every N epochs (default: {Defaults.printEvery})."
            | Out _ -> $"folder for loss.html, data.html (with {PlotlyJs.FileName} beside them), losses.csv and model.json (default: {Defaults.out})."
            | Save_Model _ -> "also write the model (as model.json) to this file, for descent predict (default: only --out/model.json)."
            | Json -> "print one JSON object (losses, weights, report, ...) instead of text (default: off)."
            | Record_Weights -> "add every epoch's weights to the JSON history (data.html's replay and descent landscape's paths use them) (default: off)."
            | No_Plots -> "do not write the HTML charts (default: off)."
            | Plotly_Js _ -> $"where the pages load plotly.js {PlotlyJs.Version}: local (written once beside them as {PlotlyJs.FileName}, 4.5 MB; they draw offline) or cdn (plotly's CDN: small pages that need a network) (default: local)."

/// --hidden's widths, or a FlagError saying what the flag allows (a width < 1 or too many layers is the library's
/// Validation's to refuse).
let hiddenWidths (text: string) : int list =
    match Network.tryParseHidden text with
    | Some widths -> widths
    | None ->
        raise (FlagError $"--hidden takes widths that are integers >= 1 separated by commas, such as 16 or 32,16 (got '{text}')")

/// The network the flags describe: --hidden's widths with --activation and --init; those two without --hidden are
/// refused.
let architecture (args: ParseResults<TrainArgs>) : Architecture =
    match args.TryValue Hidden with
    | None ->
        if args.Has Activation then raise (FlagError "--activation applies only with --hidden (a network's hidden units)")
        if args.Has Init then raise (FlagError "--init applies only with --hidden (a network's initial weights)")
        Architecture.linear
    | Some text ->
        { Hidden = hiddenWidths text
          Activation = args.TryValue Activation |> Option.map (FlagValues.parse "--activation" Names.activations) |> Option.defaultValue Architecture.linear.Activation
          Init = args.TryValue Init |> Option.map (FlagValues.parse "--init" Names.inits) |> Option.defaultValue Architecture.linear.Init }

/// --class-weight's value, or a FlagError saying what is wrong with it.
let private classWeight (text: string) =
    match ClassWeights.parse text with
    | Ok weights -> weights
    | Error message -> raise (FlagError $"--class-weight {message}")

/// The epochs whose weights a run keeps: every one with --record-weights; without it, as many as data.html's replay
/// shows when the charts are written; none otherwise.
let weightRecord (args: ParseResults<TrainArgs>) (e: Experiment) : Training.WeightRecord =
    if args.Has Record_Weights then Training.EveryEpoch
    elif args.Has No_Plots then Training.NoWeights
    else Training.EveryNth(max 1 ((e.Epochs + Replay.MaxFrames - 1) / Replay.MaxFrames))

/// --out's folder.
let outFolder (args: ParseResults<TrainArgs>) = args.Value(Out, defaultValue = Defaults.out)

/// Where the charts get plotly.js, or None with --no-plots; --plotly-js is checked either way.
let chartSource (args: ParseResults<TrainArgs>) : PlotlyJs.Source option =
    let source = FlagValues.plotlyJs "--plotly-js" (args.TryValue Plotly_Js)
    if args.Has No_Plots then None else Some source

/// The rule settings given on the command line, each flag with the setting it sets.
let private ruleFlags (args: ParseResults<TrainArgs>) : (Setting * HyperValue) list =
    let switch (case: TrainArgs) = if args.Has case then Some(OnOff true) else None
    [ Setting.Momentum, args.TryValue Momentum |> Option.map Real
      Setting.Nesterov, switch Nesterov
      Setting.Beta1, args.TryValue Beta1 |> Option.map Real
      Setting.Beta2, args.TryValue Beta2 |> Option.map Real
      Setting.Epsilon, args.TryValue Eps |> Option.map Real
      Setting.Amsgrad, switch Amsgrad
      Setting.Rho, args.TryValue Rho |> Option.map Real
      Setting.Centered, switch Centered
      Setting.MomentumDecay, args.TryValue Momentum_Decay |> Option.map Real
      Setting.WeightDecay, args.TryValue Weight_Decay |> Option.map Real ]
    |> List.choose (fun (setting, value) -> value |> Option.map (fun v -> setting, v))

/// The schedule settings given on the command line, each flag with the setting it sets.
let private scheduleFlags (args: ParseResults<TrainArgs>) : (Setting * HyperValue) list =
    [ ScheduleDecay, args.TryValue Decay |> Option.map Real
      ScheduleStepEvery, args.TryValue Step_Every |> Option.map Whole
      ScheduleGamma, args.TryValue Gamma |> Option.map Real
      ScheduleTMax, args.TryValue T_Max |> Option.map Whole
      ScheduleEtaMin, args.TryValue Eta_Min |> Option.map Real
      PlateauFactor, args.TryValue Plateau_Factor |> Option.map Real
      PlateauPatience, args.TryValue Plateau_Patience |> Option.map Whole
      PlateauThreshold, args.TryValue Threshold |> Option.map Real ]
    |> List.choose (fun (setting, value) -> value |> Option.map (fun v -> setting, v))

/// `rule` (at its defaults) with the rule flags given that it reads; the others are refuseUnread's.
let optimizerFrom (args: ParseResults<TrainArgs>) (rule: Optimizer) : Optimizer =
    ruleFlags args |> List.fold (fun o (setting, value) -> Optimizer.setWhereRead setting value o) rule

/// The schedule --schedule names, at its defaults but for the schedule flags given; a flag it does not read is a
/// FlagError naming the schedules that read it.
let private schedule (args: ParseResults<TrainArgs>) : Schedule =
    let named = args.Value(Schedule, defaultValue = Names.scheduleName lesson.Schedule)
    let chosen =
        match Names.tryParse Schedule.named named with
        | Some s -> s
        | None -> raise (FlagError $"""--schedule must be one of {String.concat ", " Names.schedules} (got '{named.Trim().ToLowerInvariant()}')""")
    scheduleFlags args
    |> List.fold
        (fun s (setting, value) ->
            match Schedule.trySet setting value s with
            | Some changed -> changed
            | None -> raise (FlagError $"{flagOf setting} applies only to --schedule {Schedule.readers setting} (got {Schedule.name s})"))
        chosen

/// Refuses a rule flag that none of `rules` reads: one line naming the flag and the rules that read it. A sweep passes
/// every rule of its --optimizers.
let refuseUnread (rules: Optimizer list) (args: ParseResults<TrainArgs>) =
    let ruleNames = rules |> List.map Names.optimizerName |> String.concat ","
    for setting, _ in ruleFlags args do
        if not (rules |> List.exists (Optimizer.reads setting)) then
            raise (FlagError $"{flagOf setting} applies only to --optimizer {Optimizer.readers setting} (got {ruleNames})")

/// The Experiment the flags describe (unset flags take the lesson's values; the rule's and the schedule's settings
/// their own defaults); a rule flag that none of `rules` reads is refused (None: the experiment's own rule; a sweep
/// passes the rules of its --optimizers).
let experimentFor (rules: Optimizer list option) (args: ParseResults<TrainArgs>) : Experiment =
    if args.Has L1_Ratio && not (args.Has Elastic_Net) then raise (FlagError "--l1-ratio needs --elastic-net")
    if args.Has Warmup_Start && not (args.Has Warmup) then
        raise (FlagError "--warmup-start applies only with --warmup E (the warm-up's epochs)")
    let schedule = schedule args
    let data = DataFlags.spec FlagValues.trainDatasets (DataFlags.ofResults args)
    let defaultScale =
        match data with
        | DataSpec.Table _ -> Standard
        | _ -> NoScaling
    let rule = args.TryValue Optimizer |> Option.map (FlagValues.parse "--optimizer" Names.optimizers) |> Option.defaultValue lesson.Optimizer
    { lesson with
        Data = data
        Architecture = architecture args
        Scale = args.TryValue Scale |> Option.map (FlagValues.parse "--scale" Names.scalings) |> Option.defaultValue defaultScale
        TestSize = args.Value(Test_Size, defaultValue = lesson.TestSize)
        SplitSeed = args.Value(Split_Seed, defaultValue = lesson.SplitSeed)
        ValidationFraction = args.Value(Validation_Fraction, defaultValue = lesson.ValidationFraction)
        InitSeed = args.Value(Init_Seed, defaultValue = lesson.InitSeed)
        Epochs = args.Value(Epochs, defaultValue = lesson.Epochs)
        Alpha = args.Value(Alpha, defaultValue = lesson.Alpha)
        Optimizer = optimizerFrom args rule
        BatchSize = args.Value(Batch_Size, defaultValue = lesson.BatchSize)
        Shuffle = args.Has Shuffle
        ClipNorm = args.TryValue Clip_Norm
        L2 = args.Value(L2, defaultValue = lesson.L2)
        L1 = args.Value(L1, defaultValue = lesson.L1)
        ElasticNet = args.TryValue Elastic_Net |> Option.map (fun lambda -> { Lambda = lambda; L1Ratio = args.Value(L1_Ratio, defaultValue = Defaults.l1Ratio) })
        ClassWeight = args.TryValue Class_Weight |> Option.map classWeight |> Option.defaultValue lesson.ClassWeight
        Loss = args.TryValue Loss |> Option.map (FlagValues.parse "--loss" Names.losses) |> Option.defaultValue lesson.Loss
        Schedule = schedule
        Warmup =
            args.TryValue Warmup
            |> Option.map (fun epochs -> { Epochs = epochs; StartFactor = args.Value(Warmup_Start, defaultValue = Warmup.DefaultStart) })
        TargetLoss = args.TryValue Target_Loss
        Patience = args.TryValue Patience
        MinDelta = args.Value(Min_Delta, defaultValue = lesson.MinDelta)
        Threads = args.Value(Threads, defaultValue = System.Environment.ProcessorCount)
        Precision = args.TryValue Dtype |> Option.map (FlagValues.parse "--dtype" Names.precisions) |> Option.defaultValue lesson.Precision }
    |> fun e ->
        refuseUnread (defaultArg rules [ e.Optimizer ]) args
        e

/// The Experiment the flags describe; a rule flag its rule does not read is refused.
let experiment (args: ParseResults<TrainArgs>) : Experiment = experimentFor None args

