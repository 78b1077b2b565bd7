/// Class weights as the run applies them: one weight per class, resolved against the data's classes and the
/// training rows (scikit-learn's compute_class_weight).
module Descent.ClassWeights

open System
open Descent.Core

/// Whether `loss` takes class weights: the losses whose targets carry a row's weight (see LossKind); the sigmoid
/// units' 0/1 targets do not.
let applyTo (loss: LossKind) = loss <> LossKind.SquaredError && loss <> LossKind.LogLoss

/// The weight of each of `classes` (by index): 1 for Unweighted; Balanced: n / (K · count of the class in `trainY`);
/// Given: the named ones, 1 for the rest. Refuses a name that is not one of the data's classes.
let resolve (weights: ClassWeight) (classes: string[]) (trainY: int[]) : float[] =
    let k = classes.Length
    match weights with
    | Unweighted -> Array.create k 1.0
    | Balanced ->
        let counts = Array.zeroCreate k
        for c in trainY do
            counts.[c] <- counts.[c] + 1
        match Array.tryFindIndex ((=) 0) counts with
        | Some c -> Fail.setting ClassWeights $"balanced needs every class among the training rows; class '{classes.[c]}' has none"
        | None -> counts |> Array.map (fun count -> float trainY.Length / (float k * float count))
    | Given named ->
        let w = Array.create k 1.0
        for name, value in named do
            match Array.tryFindIndex ((=) name) classes with
            | Some c -> w.[c] <- value
            | None ->
                let known = classes |> Array.map (fun c -> $"'{c}'") |> String.concat ", "
                Fail.setting ClassWeights $"names class '{name}', which the data lacks (its classes: {known})"
        w

/// Parses "balanced" or "NAME=W,NAME=W": each weight a finite number > 0, each class named once; None if malformed
/// (the message says why).
let parse (text: string) : Result<ClassWeight, string> =
    let t = text.Trim()
    if t.ToLowerInvariant() = "balanced" then
        Ok Balanced
    elif t = "" then
        Error "must be balanced or a list NAME=WEIGHT,… (got '')"
    else
        let parts = t.Split ','
        let parsed =
            parts
            |> Array.map (fun part ->
                match part.Split '=' with
                | [| name; value |] when name.Trim() <> "" ->
                    match Double.TryParse(value.Trim(), Globalization.NumberStyles.Float, Globalization.CultureInfo.InvariantCulture) with
                    | true, v when Double.IsFinite v && v > 0.0 -> Ok(name.Trim(), v)
                    | true, _ -> Error $"weights must be finite numbers > 0 (got '{part.Trim()}')"
                    | _ -> Error $"'{part.Trim()}' is not NAME=WEIGHT with a number"
                | _ -> Error $"must be balanced or a list NAME=WEIGHT,… ('{part.Trim()}' is not NAME=WEIGHT)")
        match parsed |> Array.tryPick (function Error m -> Some m | Ok _ -> None) with
        | Some message -> Error message
        | None ->
            let pairs = parsed |> Array.choose (function Ok p -> Some p | Error _ -> None) |> List.ofArray
            match pairs |> List.countBy fst |> List.tryFind (fun (_, n) -> n > 1) with
            | Some (name, _) -> Error $"names class '{name}' twice"
            | None -> Ok(Given pairs)

/// "balanced" or "NAME=W,…" (weights written round-trip), the text `parse` reads back.
let format (weights: ClassWeight) =
    match weights with
    | Unweighted -> "none"
    | Balanced -> "balanced"
    | Given pairs -> pairs |> List.map (fun (n, v) -> $"{n}={v:R}") |> String.concat ","
