/// An experiment's settings and a classification report as JSON objects, for the run JSON, the model file and parts.
module Descent.ExperimentJson

open System.Text.Json

let private field (w: Utf8JsonWriter) (name: string, value: ExperimentFields.FieldValue) =
    match value with
    | ExperimentFields.Number x -> w.WriteNumber(name, x)
    | ExperimentFields.Count n -> w.WriteNumber(name, n)
    | ExperimentFields.Name s -> w.WriteString(name, s)
    | ExperimentFields.Switch b -> w.WriteBoolean(name, b)
    | ExperimentFields.Absent -> w.WriteNull name

/// The experiment's settings (ExperimentFields) as an object named "settings", the data spec nested under "data".
let experiment (w: Utf8JsonWriter) (e: Experiment) =
    w.WriteStartObject "settings"
    w.WriteStartObject "data"
    List.iter (field w) (ExperimentFields.data e.Data)
    w.WriteEndObject()
    List.iter (field w) (ExperimentFields.training e)
    w.WriteEndObject()

/// The named value of a table, or a FormatException naming what was found.
let private named (table: (string * 'a) list) (what: string) (e: JsonElement) : 'a =
    let text = e.GetString() |> nonNull
    match Names.tryParse table text with
    | Some v -> v
    | None -> raise (System.FormatException $"unknown {what} '{text}'")

let private optional (read: JsonElement -> 'a) (e: JsonElement) : 'a option =
    if e.ValueKind = JsonValueKind.Null then None else Some(read e)

let private readData (d: JsonElement) : DataSpec =
    let p (name: string) = d.GetProperty name
    match p("dataset").GetString() with
    | "blobs" ->
        Blobs
            { Samples = p("samples").GetInt32()
              Features = p("features").GetInt32()
              Centers = p("centers").GetInt32()
              ClusterStd = p("clusterStd").GetDouble()
              Seed = p("dataSeed").GetInt64() }
    | "moons" -> Moons { Samples = p("samples").GetInt32(); Noise = p("noise").GetDouble(); Seed = p("dataSeed").GetInt64() }
    | "circles" ->
        Circles
            { Samples = p("samples").GetInt32()
              Noise = p("noise").GetDouble()
              Factor = p("factor").GetDouble()
              Seed = p("dataSeed").GetInt64() }
    | "xor" -> Xor { Samples = p("samples").GetInt32(); Noise = p("noise").GetDouble(); Seed = p("dataSeed").GetInt64() }
    | "csv" ->
        let names (name: string) =
            match d.TryGetProperty name with
            | true, v when v.ValueKind = JsonValueKind.String -> Some(List.ofArray ((v.GetString() |> nonNull).Split ','))
            | _ -> None
        Table
            { Path = p("csv").GetString() |> nonNull
              Label = p("label") |> optional (fun l -> l.GetString() |> nonNull)
              Delimiter = (p("delimiter").GetString() |> nonNull).[0]
              NoHeader = p("noHeader").GetBoolean()
              DropMissing = p("dropMissing").GetBoolean()
              Columns = names "columns"
              Ignore = names "ignore" |> Option.defaultValue [] }
    | other -> raise (System.FormatException $"unknown dataset '{other}'")

/// Reads back an object written by `experiment` (its "settings"); the thread count, which is not written, is 1.
/// Raises KeyNotFoundException, InvalidOperationException or FormatException on anything else.
let read (settings: JsonElement) : Experiment =
    let p (name: string) = settings.GetProperty name
    let lesson = Experiment.lesson
    /// A setting written only where it applies: None where it is absent.
    let maybe (name: string) (read: JsonElement -> 'a) : 'a option =
        match settings.TryGetProperty name with
        | true, v -> Some(read v)
        | _ -> None
    let orLesson name read fallback = maybe name read |> Option.defaultValue fallback
    /// The rule by name at its defaults, then each of its settings the object holds.
    let optimizer =
        let rule = named Names.optimizers "optimizer" (p "optimizer")
        Optimizer.settings rule
        |> List.fold
            (fun o (setting, value) ->
                match settings.TryGetProperty(Optimizer.fieldName setting), value with
                | (true, v), OnOff _ -> Optimizer.set setting (OnOff(v.GetBoolean())) o
                | (true, v), Whole _ -> Optimizer.set setting (Whole(v.GetInt32())) o
                | (true, v), Real _ -> Optimizer.set setting (Real(v.GetDouble())) o
                | _ -> o)
            rule
    { Data = readData (p "data")
      Architecture =
        match maybe "hidden" (fun v -> v.GetString() |> nonNull) with
        | None -> Architecture.linear
        | Some text ->
            { Hidden =
                match Network.tryParseHidden text with
                | Some widths -> widths
                | None -> raise (System.FormatException $"hidden '{text}' is not a list of widths")
              Activation = named Names.activations "activation" (p "activation")
              Init = named Names.inits "init" (p "init") }
      TestSize = p("testSize").GetDouble()
      SplitSeed = p("splitSeed").GetInt64()
      ValidationFraction = p("validationFraction").GetDouble()
      InitSeed = p("initSeed").GetInt64()
      Epochs = p("epochs").GetInt32()
      Alpha = p("alpha").GetDouble()
      Optimizer = optimizer
      BatchSize = p("batchSize").GetInt32()
      Shuffle = p("shuffle").GetBoolean()
      ClipNorm = maybe "clipNorm" _.GetDouble()
      L2 = p("l2").GetDouble()
      // Settings written before issue 13 have no penalties beyond L2 and no class weights.
      L1 = orLesson "l1" _.GetDouble() lesson.L1
      ElasticNet =
        match settings.TryGetProperty "elasticNet" with
        | true, v when v.ValueKind = JsonValueKind.Number -> Some { Lambda = v.GetDouble(); L1Ratio = p("l1Ratio").GetDouble() }
        | _ -> None
      ClassWeight =
        match settings.TryGetProperty "classWeight" with
        | true, v when v.GetString() <> "none" ->
            match ClassWeights.parse (v.GetString() |> nonNull) with
            | Ok weights -> weights
            | Error message -> raise (System.FormatException $"classWeight {message}")
        | _ -> Unweighted
      Loss = named Names.losses "loss" (p "loss")
      Schedule =
        match p("schedule").GetString() with
        | "constant" -> Constant
        | "step" -> Step(p("decay").GetDouble(), p("stepEvery").GetInt32())
        | "invscaling" -> InvScaling(p("decay").GetDouble())
        | "exponential" -> Exponential(p("gamma").GetDouble())
        | "cosine" -> Cosine(Some(p("tMax").GetInt32()), p("etaMin").GetDouble())
        | "plateau" ->
            Plateau
                { Factor = p("plateauFactor").GetDouble()
                  Patience = p("plateauPatience").GetInt32()
                  Threshold = p("threshold").GetDouble() }
        | other -> raise (System.FormatException $"unknown schedule '{other}'")
      Warmup =
        maybe "warmup" _.GetInt32()
        |> Option.map (fun epochs -> { Epochs = epochs; StartFactor = p("warmupStart").GetDouble() })
      TargetLoss = p "targetLoss" |> optional _.GetDouble()
      Patience = p "patience" |> optional _.GetInt32()
      MinDelta = p("minDelta").GetDouble()
      Threads = 1
      Precision = named Names.precisions "dtype" (p "dtype")
      Scale = named Names.scalings "scale" (p "scale") }

let private scores (w: Utf8JsonWriter) (name: string) (s: Report.Scores) =
    w.WriteStartObject name
    w.WriteNumber("precision", s.Precision)
    w.WriteNumber("recall", s.Recall)
    w.WriteNumber("f1-score", s.F1)
    w.WriteNumber("support", s.Support)
    w.WriteEndObject()

/// classification_report(output_dict=True) as an object named "report".
let report (w: Utf8JsonWriter) (r: Report.ClassificationReport) =
    w.WriteStartObject "report"
    for label, s in r.Classes do
        scores w label s
    w.WriteNumber("accuracy", r.Accuracy)
    scores w "macro avg" r.MacroAvg
    scores w "weighted avg" r.WeightedAvg
    w.WriteEndObject()
