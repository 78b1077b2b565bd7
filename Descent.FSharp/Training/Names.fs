/// One table of names for each setting that is chosen by name: the command line parses with it, the run JSON, the sweep
/// table and the model file write and read with it, so a name cannot differ between them.
module Descent.Names

open Descent.Core

/// The rules at torch's defaults by name (Optimizer.named).
let optimizers = Optimizer.named

let losses =
    [ "sse", LossKind.SquaredError
      "logloss", LossKind.LogLoss
      "softmax", LossKind.Softmax
      "hinge", LossKind.Hinge
      "squared-hinge", LossKind.SquaredHinge
      "modified-huber", LossKind.ModifiedHuber
      "perceptron", LossKind.Perceptron ]

let activations = [ "relu", ActivationKind.Relu; "tanh", ActivationKind.Tanh; "sigmoid", ActivationKind.Sigmoid ]

let inits =
    [ "lecun-normal", LeCunNormal
      "glorot-uniform", GlorotUniform
      "glorot-normal", GlorotNormal
      "he-uniform", HeUniform
      "he-normal", HeNormal ]

/// How model.json and the run JSON name what a model's outputs give per class.
let outputKinds = [ "probabilities", Model.Probabilities; "scores", Model.DecisionScores ]
let precisions = [ "float64", Float64; "float32", Float32 ]
let scalings = [ "none", NoScaling; "standard", Standard; "minmax", MinMax ]
let stopReasons = [ "epochs", EpochLimit; "target-loss", TargetReached; "patience", NoImprovement; "diverged", Diverged; "interrupted", Interrupted ]

/// The schedules' names (Schedule.named has each at its defaults).
let schedules = Schedule.named |> List.map fst

let scheduleName = Schedule.name

/// The name of `value` in `table`.
let nameOf (table: (string * 'a) list) (value: 'a) : string =
    match table |> List.tryFind (fun (_, v) -> v = value) with
    | Some (name, _) -> name
    | None -> invalidArg (nameof value) $"{value} has no name in its table"

/// The value named `text` (case and surrounding blanks ignored), if any.
let tryParse (table: (string * 'a) list) (text: string) : 'a option =
    let key = text.Trim().ToLowerInvariant()
    table |> List.tryFind (fun (name, _) -> name = key) |> Option.map snd

/// "gd, sgd": the names of a table, for messages.
let listed (table: (string * 'a) list) = table |> List.map fst |> String.concat ", "

let optimizerName = Optimizer.name
let lossName = nameOf losses
let precisionName = nameOf precisions
let scalingName = nameOf scalings
let stopName = nameOf stopReasons
let activationName = nameOf activations
let initName = nameOf inits
