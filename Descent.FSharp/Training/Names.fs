/// One table of names for each setting that is chosen by name: the command line parses with it, the run JSON, the sweep
/// table and the model file write and read with it, so a name cannot differ between them.
module Descent.Names

open Descent.Core

let optimizers =
    [ "gd", Gd
      "sgd", Sgd
      "adagrad", Adagrad
      "rmsprop", RMSprop
      "adam", Adam
      "adamw", AdamW
      "nadam", NAdam
      "radam", RAdam
      "adamax", Adamax
      "adadelta", Adadelta ]

/// torch 1.13's class for each rule (gd and sgd: torch.optim.SGD over the whole set or over mini-batches).
let torchNames =
    [ Gd, "SGD"
      Sgd, "SGD"
      Adagrad, "Adagrad"
      RMSprop, "RMSprop"
      Adam, "Adam"
      AdamW, "AdamW"
      NAdam, "NAdam"
      RAdam, "RAdam"
      Adamax, "Adamax"
      Adadelta, "Adadelta" ]
let losses =
    [ "sse", LossKind.SquaredError
      "logloss", LossKind.LogLoss
      "softmax", LossKind.Softmax
      "hinge", LossKind.Hinge
      "squared-hinge", LossKind.SquaredHinge
      "modified-huber", LossKind.ModifiedHuber
      "perceptron", LossKind.Perceptron ]

/// How model.json and the run JSON name what a model's outputs give per class.
let outputKinds = [ "probabilities", Model.Probabilities; "scores", Model.DecisionScores ]
let precisions = [ "float64", Float64; "float32", Float32 ]
let scalings = [ "none", NoScaling; "standard", Standard; "minmax", MinMax ]
let stopReasons = [ "epochs", EpochLimit; "target-loss", TargetReached; "patience", NoImprovement; "diverged", Diverged; "interrupted", Interrupted ]

/// The schedules by name; each one's parameters come with it (see Experiment.Schedule).
let schedules = [ "constant"; "step"; "invscaling"; "exponential"; "cosine"; "plateau" ]

let scheduleName (s: Schedule) =
    match s with
    | Constant -> "constant"
    | Step _ -> "step"
    | InvScaling _ -> "invscaling"
    | Exponential _ -> "exponential"
    | Cosine _ -> "cosine"
    | Plateau _ -> "plateau"

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

let optimizerName = nameOf optimizers
let lossName = nameOf losses
let precisionName = nameOf precisions
let scalingName = nameOf scalings
let stopName = nameOf stopReasons
