/// An experiment's settings as typed fields, in one order: the run JSON's "settings" object, the model file and the
/// sweep table are all written from this list, so they cannot disagree on a name, a value or an order.
module Descent.ExperimentFields

open System.Text

/// One setting's value, typed until it is written.
type FieldValue =
    | Number of float
    | Count of int64
    | Name of string
    | Switch of bool
    /// Not set (no target loss, no label column given): null in JSON, an empty cell in a table.
    | Absent

/// The data spec's fields (JSON's "data" object), camelCase names.
let data (d: DataSpec) : (string * FieldValue) list =
    match d with
    | Blobs b ->
        [ "dataset", Name "blobs"
          "samples", Count b.Samples
          "features", Count b.Features
          "centers", Count b.Centers
          "clusterStd", Number b.ClusterStd
          "dataSeed", Count b.Seed ]
    | Moons m -> [ "dataset", Name "moons"; "samples", Count m.Samples; "noise", Number m.Noise; "dataSeed", Count m.Seed ]
    | Circles c ->
        [ "dataset", Name "circles"
          "samples", Count c.Samples
          "noise", Number c.Noise
          "factor", Number c.Factor
          "dataSeed", Count c.Seed ]
    | Xor x -> [ "dataset", Name "xor"; "samples", Count x.Samples; "noise", Number x.Noise; "dataSeed", Count x.Seed ]
    | Table c ->
        [ "dataset", Name "csv"
          "csv", Name c.Path
          "label", (match c.Label with Some l -> Name l | None -> Absent)
          "delimiter", Name(string c.Delimiter)
          "noHeader", Switch c.NoHeader
          "dropMissing", Switch c.DropMissing ]
        // Written only when a run chose its columns, so that other runs' settings read as before.
        @ [ match c.Columns with
            | Some columns -> "columns", Name(String.concat "," columns)
            | None -> ()
            if not c.Ignore.IsEmpty then "ignore", Name(String.concat "," c.Ignore) ]

/// The update rule's settings, those its rule carries (Optimizer.settings): a gd or sgd run's fields are what they
/// were before the adaptive rules.
let private ruleFields (e: Experiment) : (string * FieldValue) list =
    Optimizer.settings e.Optimizer
    |> List.map (fun (setting, value) ->
        Optimizer.fieldName setting,
        match value with
        | Real x -> Number x
        | Whole n -> Count(int64 n)
        | OnOff b -> Switch b)

/// The training settings after the data (camelCase names); a schedule's parameters only with their schedule.
let training (e: Experiment) : (string * FieldValue) list =
    // A network's shape, written only with hidden layers, so that a linear run writes the settings it always wrote.
    (if Experiment.isNetwork e then
         [ "hidden", Name(Network.hiddenText e.Architecture.Hidden)
           "activation", Name(Names.activationName e.Architecture.Activation)
           "init", Name(Names.initName e.Architecture.Init) ]
     else [])
    @ [ "testSize", Number e.TestSize
        "splitSeed", Count e.SplitSeed
        "validationFraction", Number e.ValidationFraction
        "initSeed", Count e.InitSeed
        "epochs", Count e.Epochs
        "alpha", Number e.Alpha
        "optimizer", Name(Names.optimizerName e.Optimizer)
        "batchSize", Count e.BatchSize
        "shuffle", Switch e.Shuffle ]
    @ ruleFields e
    @ (match e.ClipNorm with Some c -> [ "clipNorm", Number c ] | None -> [])
    @ [ "l2", Number e.L2 ]
    // The penalties and weights of the losses beyond the sigmoid unit, written only when set, so that a run without
    // them writes the settings it always wrote.
    @ (if e.L1 > 0.0 then [ "l1", Number e.L1 ] else [])
    @ (match e.ElasticNet with Some n -> [ "elasticNet", Number n.Lambda; "l1Ratio", Number n.L1Ratio ] | None -> [])
    @ (match e.ClassWeight with Unweighted -> [] | w -> [ "classWeight", Name(ClassWeights.format w) ])
    @ [ "loss", Name(Names.lossName e.Loss)
        "schedule", Name(Names.scheduleName e.Schedule) ]
    @ (match e.Schedule with
       | Constant -> []
       | Step (decay, every) -> [ "decay", Number decay; "stepEvery", Count every ]
       | InvScaling decay -> [ "decay", Number decay ]
       | Exponential gamma -> [ "gamma", Number gamma ]
       | Cosine (tMax, etaMin) -> [ "tMax", Count(int64 (RateSchedule.cosinePeriod e tMax)); "etaMin", Number etaMin ]
       | Plateau p ->
           [ "plateauFactor", Number p.Factor
             "plateauPatience", Count p.Patience
             "threshold", Number p.Threshold
             "plateauOn", Name(RateSchedule.monitorName (RateSchedule.monitor e)) ])
    @ (match e.Warmup with
       | Some w -> [ "warmup", Count w.Epochs; "warmupStart", Number w.StartFactor ]
       | None -> [])
    @ [ "targetLoss", (match e.TargetLoss with Some t -> Number t | None -> Absent)
        "patience", (match e.Patience with Some p -> Count p | None -> Absent)
        "minDelta", Number e.MinDelta
        "dtype", Name(Names.precisionName e.Precision)
        "scale", Name(Names.scalingName e.Scale) ]

/// "clusterStd" → "cluster_std": the name a table column or CSV header uses.
let snakeCase (name: string) =
    let sb = StringBuilder()
    for i in 0 .. name.Length - 1 do
        let c = name.[i]
        if System.Char.IsUpper c && i > 0 && (System.Char.IsLower name.[i - 1] || System.Char.IsDigit name.[i - 1]) then
            sb.Append('_') |> ignore
        sb.Append(System.Char.ToLowerInvariant c) |> ignore
    sb.ToString()
