/// model.json: everything prediction needs (weights, classes, feature names, label column, scaler, loss) plus the
/// settings that produced it. Written by `descent train` and `ModelFile.save`, read by `descent predict`.
module Descent.ModelFile

open System
open System.IO
open System.Text.Json
open Descent.Core

/// A trained model as stored: the scores scale(x)·W, turned into each class's probability or score as the loss says
/// (Model.outputsOfScores).
type SavedModel =
    { FormatVersion: int
      FeatureNames: string[]
      /// The column the labels were read from (it may be present, and is ignored, in a CSV to predict).
      LabelName: string
      Classes: string[]
      Loss: LossKind
      /// Applied to the features before the weights (fitted on the training rows).
      Scaler: Scaler
      /// Class-major weights (w.[k * (features + 1) + j]), each unit's bias last; a network's flat layout.
      Weights: float[]
      /// A network's hidden widths and activation (version 4); none for the linear model.
      Hidden: int list
      Activation: Core.ActivationKind
      Outputs: int
      /// Exactly-zero weights, biases not counted (0 in files before version 3).
      ZeroWeights: int }

/// Version 2 added the scaler and the label column, version 3 the losses beyond the sigmoid unit with the output kind
/// and the count of zero weights, version 4 networks ("hidden", "activation", and "weights" as the layers' matrices);
/// files of versions 1 and 2 (sse or logloss, neither field) are still read. A linear model is still written as
/// version 3, so a reader of version 3 reads it; a network's file is version 4, which such a reader refuses by number.
let formatVersion = 4

/// The version a linear model's file is written as.
let linearFormatVersion = 3

let ofRun (r: Run.TrainedRun) : SavedModel =
    let network = Experiment.isNetwork r.Experiment
    { FormatVersion = if network then formatVersion else linearFormatVersion
      FeatureNames = r.Schema.FeatureNames
      LabelName = r.Schema.LabelName
      Classes = r.Schema.Classes
      Loss = r.Experiment.Loss
      Scaler = r.Scaler
      Weights = r.Outcome.Weights
      Outputs = r.Outcome.Outputs
      ZeroWeights = r.Outcome.ZeroWeights
      Hidden = r.Experiment.Architecture.Hidden
      Activation = r.Experiment.Architecture.Activation }

/// The network layout of a saved model with hidden layers (None for the linear model).
let layoutOf (m: SavedModel) =
    if m.Hidden.IsEmpty then None else Some(Network.layout { Architecture.linear with Hidden = m.Hidden } (m.FeatureNames.Length + 1) m.Outputs)

let private writeScaler (w: Utf8JsonWriter) (s: Scaler) =
    w.WriteStartObject "scaler"
    w.WriteString("kind", Names.scalingName s.Kind)
    if s.Kind <> NoScaling then
        Json.numbers w "offset" s.Offset
        Json.numbers w "scale" s.Scale
    w.WriteEndObject()

/// The model of a finished run as JSON text, with the experiment's settings.
let json (r: Run.TrainedRun) : string =
    let m = ofRun r
    let features = m.FeatureNames.Length
    Json.toText (fun w ->
        w.WriteStartObject()
        w.WriteNumber("formatVersion", m.FormatVersion)
        w.WriteNumber("features", features)
        w.WriteNumber("outputs", m.Outputs)
        Json.strings w "featureNames" m.FeatureNames
        w.WriteString("labelColumn", m.LabelName)
        Json.strings w "classes" m.Classes
        w.WriteString("loss", Names.lossName m.Loss)
        w.WriteString("outputKind", Names.nameOf Names.outputKinds (Model.outputKind m.Loss))
        w.WriteNumber("zeroWeights", m.ZeroWeights)
        writeScaler w m.Scaler
        match layoutOf m with
        | None -> Json.weights w "weights" (features + 1) m.Outputs m.Weights
        | Some layout ->
            w.WriteStartArray "hidden"
            for width in m.Hidden do
                w.WriteNumberValue width
            w.WriteEndArray()
            w.WriteString("activation", Names.activationName m.Activation)
            Json.layers w "weights" (Network.layers layout m.Weights)
        ExperimentJson.experiment w r.Experiment
        w.WriteEndObject())

/// Saves the model of a finished run to `path` (atomically): `--save-model` from F#.
let save (path: string) (r: Run.TrainedRun) = Files.writeText path (json r)

let private bad (path: string) (message: string) : 'a = Fail.file ModelFile path $": {message}"

let private property (path: string) (name: string) (e: JsonElement) =
    match e.TryGetProperty name with
    | true, v -> v
    | _ -> bad path $"not a Descent model (no '{name}')"

let private stringValue (path: string) (name: string) (e: JsonElement) =
    match e.ValueKind with
    | JsonValueKind.String -> e.GetString() |> nonNull
    | _ -> bad path $"'{name}' must be a string"

let private finiteNumbers (path: string) (name: string) (length: int) (e: JsonElement) =
    if e.ValueKind <> JsonValueKind.Array || e.GetArrayLength() <> length then bad path $"'{name}' must be a list of {length} numbers"
    [| for v in e.EnumerateArray() do
           if v.ValueKind <> JsonValueKind.Number || not (Double.IsFinite(v.GetDouble())) then bad path $"'{name}' holds a value that is not a finite number"
           v.GetDouble() |]

let private texts (path: string) (name: string) (e: JsonElement) =
    if e.ValueKind <> JsonValueKind.Array then bad path $"'{name}' must be a list of strings"
    [| for v in e.EnumerateArray() -> if v.ValueKind = JsonValueKind.String then v.GetString() |> nonNull else bad path $"'{name}' must be a list of strings" |]

let private readScaler (path: string) (features: int) (root: JsonElement) =
    match root.TryGetProperty "scaler" with
    | false, _ -> Scaler.identity features
    | true, s ->
        let name = stringValue path "scaler.kind" (property path "kind" s)
        let kind =
            match Names.tryParse Names.scalings name with
            | Some kind -> kind
            | None -> bad path $"unknown scaler kind '{name}'"
        if kind = NoScaling then
            Scaler.identity features
        else
            let scale = finiteNumbers path "scaler.scale" features (property path "scale" s)
            if scale |> Array.exists (fun v -> v = 0.0) then bad path "'scaler.scale' holds a zero"
            { Kind = kind; Offset = finiteNumbers path "scaler.offset" features (property path "offset" s); Scale = scale }

let private readWeights (path: string) (features: int) (outputs: int) (e: JsonElement) =
    let d = features + 1
    let shapeError () = bad path (if outputs = 1 then $"'weights' must be a list of {d} numbers" else $"'weights' must be {d} lists of {outputs} numbers")
    if e.ValueKind <> JsonValueKind.Array || e.GetArrayLength() <> d then shapeError ()
    for row in e.EnumerateArray() do
        let ok =
            if outputs = 1 then row.ValueKind = JsonValueKind.Number
            else row.ValueKind = JsonValueKind.Array && row.GetArrayLength() = outputs && (row.EnumerateArray() |> Seq.forall (fun v -> v.ValueKind = JsonValueKind.Number))
        if not ok then shapeError ()
    let w = Json.readWeights d outputs e
    if not (Finite.All(ReadOnlySpan w)) then bad path "'weights' holds a value that is not a finite number"
    w

/// Reads a model from JSON text; `path` names it in messages.
let parse (path: string) (text: string) : SavedModel =
    let doc =
        try JsonDocument.Parse text
        with :? JsonException as ex -> bad path (Json.invalid text ex)
    use _ = doc
    let root = doc.RootElement
    if root.ValueKind <> JsonValueKind.Object then bad path "not a Descent model (not a JSON object)"
    let version = property path "formatVersion" root
    if version.ValueKind <> JsonValueKind.Number || not (version.GetInt32() >= 1 && version.GetInt32() <= formatVersion) then
        bad path $"format version {version} is not supported (this descent reads 1 to {formatVersion})"
    let names = texts path "featureNames" (property path "featureNames" root)
    let classes = texts path "classes" (property path "classes" root)
    if classes.Length < 2 then bad path "'classes' must name at least two classes"
    let lossText = stringValue path "loss" (property path "loss" root)
    let loss =
        match Names.tryParse Names.losses lossText with
        | Some loss -> loss
        | None -> bad path $"unknown loss '{lossText}': this descent applies {Names.listed Names.losses}"
    match root.TryGetProperty "outputKind" with
    | true, k ->
        let expected = Names.nameOf Names.outputKinds (Model.outputKind loss)
        if k.ValueKind <> JsonValueKind.String || k.GetString() <> expected then
            bad path $"'outputKind' must be \"{expected}\" for the loss '{lossText}'"
    | _ -> ()
    let outputs = Model.outputsOf loss classes.Length
    let hidden, activation =
        match root.TryGetProperty "hidden" with
        | true, h when version.GetInt32() >= 4 ->
            let widths =
                if h.ValueKind <> JsonValueKind.Array || h.GetArrayLength() = 0 then bad path "'hidden' must be a list of widths"
                [ for v in h.EnumerateArray() ->
                      match v.ValueKind, (if v.ValueKind = JsonValueKind.Number then v.TryGetInt32() else (false, 0)) with
                      | JsonValueKind.Number, (true, n) when n >= 1 -> n
                      | _ -> bad path "'hidden' must be a list of integer widths >= 1" ]
            let name = stringValue path "activation" (property path "activation" root)
            let activation =
                match Names.tryParse Names.activations name with
                | Some a -> a
                | None -> bad path $"unknown activation '{name}': this descent applies {Names.listed Names.activations}"
            widths, activation
        | _ -> [], Architecture.linear.Activation
    let weights =
        if hidden.IsEmpty then
            readWeights path names.Length outputs (property path "weights" root)
        else
            let layout = Network.layout { Architecture.linear with Hidden = hidden } (names.Length + 1) outputs
            let e = property path "weights" root
            let shape () =
                let shapes = [ for l in 0 .. layout.Layers - 1 -> $"{layout.Rows l}×{layout.Columns l}" ] |> String.concat ", "
                bad path $"'weights' must be the layers' matrices ({shapes})"
            if e.ValueKind <> JsonValueKind.Array || e.GetArrayLength() <> layout.Layers then shape ()
            let matrices =
                [| for m in e.EnumerateArray() ->
                       if m.ValueKind <> JsonValueKind.Array then shape ()
                       [| for r in m.EnumerateArray() ->
                              if r.ValueKind <> JsonValueKind.Array then shape ()
                              [| for v in r.EnumerateArray() -> if v.ValueKind = JsonValueKind.Number then v.GetDouble() else shape () |] |] |]
            let flat = try Network.flatten layout matrices with :? ArgumentException -> shape ()
            if not (Finite.All(ReadOnlySpan flat)) then bad path "'weights' holds a value that is not a finite number"
            flat
    { FormatVersion = version.GetInt32()
      FeatureNames = names
      LabelName =
        match root.TryGetProperty "labelColumn" with
        | true, l when l.ValueKind = JsonValueKind.String -> l.GetString() |> nonNull
        | _ -> "y"
      Classes = classes
      Loss = loss
      Scaler = readScaler path names.Length root
      Weights = weights
      Outputs = outputs
      Hidden = hidden
      Activation = activation
      ZeroWeights =
        match root.TryGetProperty "zeroWeights" with
        | true, z when z.ValueKind = JsonValueKind.Number -> z.GetInt32()
        | _ -> 0 }

/// Reads the model file at `path`, refusing a missing or malformed one (an InvalidFile problem).
let load (path: string) : SavedModel =
    if Directory.Exists path then bad path "is a folder, not a file"
    if not (File.Exists path) then bad path "no such file"
    let text =
        try File.ReadAllText path
        with
        | :? IOException
        | :? UnauthorizedAccessException as ex -> bad path $"cannot be read: {Files.causeOf ex}"
    parse path text
