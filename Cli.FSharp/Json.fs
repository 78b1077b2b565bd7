/// JSON for runs and models (System.Text.Json's Utf8JsonWriter: doubles in shortest round-trip form).
module Descent.Json

open System.IO
open System.Text.Json
open Descent.Core

let private options = JsonWriterOptions(Indented = true)

/// Writes one JSON document to a string.
let toText (write: Utf8JsonWriter -> unit) : string =
    use ms = new MemoryStream()
    do
        use w = new Utf8JsonWriter(ms, options)
        write w
    System.Text.Encoding.UTF8.GetString(ms.ToArray())

let numbers (w: Utf8JsonWriter) (name: string) (values: float seq) =
    w.WriteStartArray name
    for v in values do
        w.WriteNumberValue v
    w.WriteEndArray()

let strings (w: Utf8JsonWriter) (name: string) (values: string seq) =
    w.WriteStartArray name
    for v in values do
        w.WriteStringValue v
    w.WriteEndArray()

/// Class-major weights as numpy's W.tolist() of shape (d, K), flattened to d numbers when K = 1 (the lesson's W).
let weights (w: Utf8JsonWriter) (name: string) (features: int) (outputs: int) (values: float[]) =
    if outputs = 1 then
        numbers w name values
    else
        w.WriteStartArray name
        for j in 0 .. features - 1 do
            w.WriteStartArray()
            for k in 0 .. outputs - 1 do
                w.WriteNumberValue values.[k * features + j]
            w.WriteEndArray()
        w.WriteEndArray()

/// Reads weights written by `weights` back into class-major order.
let readWeights (features: int) (outputs: int) (e: JsonElement) : float[] =
    let rows = [| for r in e.EnumerateArray() -> r |]
    if outputs = 1 then
        rows |> Array.map _.GetDouble()
    else
        Array.init (features * outputs) (fun i -> rows.[i % features].[i / features].GetDouble())

let lossName (loss: LossKind) =
    match loss with
    | LossKind.SquaredError -> "sse"
    | LossKind.LogLoss -> "logloss"
    | other -> string other

let optimizerName (o: Optimizer) =
    match o with
    | Gd -> "gd"
    | Sgd -> "sgd"

let precisionName (p: Precision) =
    match p with
    | Float64 -> "float64"
    | Float32 -> "float32"

let private data (w: Utf8JsonWriter) (d: DataSpec) =
    w.WriteStartObject "data"
    match d with
    | Blobs b ->
        w.WriteString("dataset", "blobs")
        w.WriteNumber("samples", b.Samples)
        w.WriteNumber("features", b.Features)
        w.WriteNumber("centers", b.Centers)
        w.WriteNumber("clusterStd", b.ClusterStd)
        w.WriteNumber("dataSeed", b.Seed)
    | Moons m ->
        w.WriteString("dataset", "moons")
        w.WriteNumber("samples", m.Samples)
        w.WriteNumber("noise", m.Noise)
        w.WriteNumber("dataSeed", m.Seed)
    | Circles c ->
        w.WriteString("dataset", "circles")
        w.WriteNumber("samples", c.Samples)
        w.WriteNumber("noise", c.Noise)
        w.WriteNumber("factor", c.Factor)
        w.WriteNumber("dataSeed", c.Seed)
    | Csv c ->
        w.WriteString("dataset", "csv")
        w.WriteString("csv", c.Path)
        match c.Label with
        | Some l -> w.WriteString("label", l)
        | None -> w.WriteNull "label"
        w.WriteString("delimiter", string c.Delimiter)
        w.WriteBoolean("noHeader", c.NoHeader)
        w.WriteBoolean("dropMissing", c.DropMissing)
    w.WriteEndObject()

let scalingName (s: Scaling) =
    match s with
    | NoScaling -> "none"
    | Standard -> "standard"
    | MinMax -> "minmax"

/// The experiment's settings as an object named "settings".
let experiment (w: Utf8JsonWriter) (e: Experiment) =
    w.WriteStartObject "settings"
    data w e.Data
    w.WriteNumber("testSize", e.TestSize)
    w.WriteNumber("splitSeed", e.SplitSeed)
    w.WriteNumber("validationFraction", e.ValidationFraction)
    w.WriteNumber("initSeed", e.InitSeed)
    w.WriteNumber("epochs", e.Epochs)
    w.WriteNumber("alpha", e.Alpha)
    w.WriteString("optimizer", optimizerName e.Optimizer)
    w.WriteNumber("batchSize", e.BatchSize)
    w.WriteBoolean("shuffle", e.Shuffle)
    w.WriteNumber("momentum", e.Momentum)
    w.WriteBoolean("nesterov", e.Nesterov)
    w.WriteNumber("l2", e.L2)
    w.WriteString("loss", lossName e.Loss)
    match e.Schedule with
    | Constant -> w.WriteString("schedule", "constant")
    | Step (decay, every) ->
        w.WriteString("schedule", "step")
        w.WriteNumber("decay", decay)
        w.WriteNumber("stepEvery", every)
    | InvScaling decay ->
        w.WriteString("schedule", "invscaling")
        w.WriteNumber("decay", decay)
    match e.TargetLoss with
    | Some t -> w.WriteNumber("targetLoss", t)
    | None -> w.WriteNull "targetLoss"
    match e.Patience with
    | Some p -> w.WriteNumber("patience", p)
    | None -> w.WriteNull "patience"
    w.WriteNumber("minDelta", e.MinDelta)
    w.WriteString("dtype", precisionName e.Precision)
    w.WriteString("scale", scalingName e.Scale)
    w.WriteEndObject()

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
