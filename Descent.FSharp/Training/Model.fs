/// A trained linear model of K outputs: weights are class-major (w.[k * d + j]), the bias is each output's last weight.
/// What the outputs mean depends on the loss: sigmoid units (sse, logloss), a softmax, or margins (the hinge family).
module Descent.Model

open System
open Descent.Core

/// What a model's outputs give per class: probabilities (sigmoid units, softmax, modified Huber's
/// (clip(z, −1, 1) + 1) / 2) or only decision scores (hinge, squared hinge, perceptron).
type OutputKind =
    | Probabilities
    | DecisionScores

/// Sigmoid units needed for K classes: one for two classes, one per class (one-vs-rest) beyond.
let outputsFor (classes: int) = if classes <= 2 then 1 else classes

/// Outputs a model trained with `loss` has for K classes: softmax one per class (two classes included); the others
/// one for two classes and one per class beyond (one-vs-rest, or the multi-class hinge).
let outputsOf (loss: LossKind) (classes: int) = if loss = LossKind.Softmax then classes else outputsFor classes

let outputKind (loss: LossKind) =
    match loss with
    | LossKind.Hinge
    | LossKind.SquaredHinge
    | LossKind.Perceptron -> DecisionScores
    | _ -> Probabilities

/// Training targets, column-major rows × outputs: y itself for one unit, one-hot columns for several.
let targets (outputs: int) (y: int[]) : float[] =
    let n = y.Length
    if outputs = 1 then
        Array.map float y
    else
        let t = Array.zeroCreate (n * outputs)
        y |> Array.iteri (fun i c -> t.[c * n + i] <- 1.0)
        t

/// Training targets in `loss`'s encoding (see LossKind), column-major rows × outputs, each row weighted by its
/// class's weight in `classWeights`: 0/1 for sigmoid units (which take no weights), the signed weight ±c for the
/// margin losses (one-vs-rest columns beyond one output), the weighted one-hot row for softmax and the multi-class hinge.
let targetsOf (loss: LossKind) (outputs: int) (classWeights: float[]) (y: int[]) : float[] =
    let n = y.Length
    if loss = LossKind.SquaredError || loss = LossKind.LogLoss then
        if classWeights |> Array.exists ((<>) 1.0) then invalidArg (nameof classWeights) $"{loss} takes no class weights"
        targets outputs y
    elif LossKinds.IsRowWise(loss, outputs) then
        let t = Array.zeroCreate (n * outputs)
        y |> Array.iteri (fun i c -> t.[c * n + i] <- classWeights.[c])
        t
    elif outputs = 1 then
        y |> Array.map (fun c -> if c = 1 then classWeights.[c] else -classWeights.[c])
    else
        Array.init (n * outputs) (fun j ->
            let k, i = j / n, j % n
            let c = classWeights.[y.[i]]
            if y.[i] = k then c else -c)

/// W = randn(d, K) from the generator's next draws, as numpy fills it (row-major), stored class-major. A run draws
/// its weights from its own generator, which a shuffling SGD run then goes on using.
let drawInitialWeights (rng: RandomState) (features: int) (outputs: int) : float[] =
    let draws = Array.zeroCreate<float> (features * outputs)
    rng.FillStandardNormal(Span draws)
    Array.init (features * outputs) (fun i -> draws.[(i % features) * outputs + i / features])

/// W = randn(d, K) from RandomState(seed) (see drawInitialWeights).
let initialWeights (seed: int64) (features: int) (outputs: int) : float[] =
    drawInitialWeights (RandomState seed) features outputs

/// Scores X·W, column-major rows × outputs. X includes the bias column.
let scores (w: float[]) (outputs: int) (x: Matrix) : float[] =
    let s = Array.zeroCreate (x.Rows * outputs)
    Prediction.Scores(ColumnMajorRows<float>.Whole(ReadOnlySpan x.Data, x.Rows, x.Cols), ReadOnlySpan w, outputs, Span s)
    s

/// The class with the highest score (one unit: score > 0, i.e. σ > 0.5); `s` is column-major rows × outputs.
let inline classOfScores (outputs: int) (rows: int) (s: 'T[]) (i: int) =
    if outputs = 1 then
        if s.[i] > LanguagePrimitives.GenericZero then 1 else 0
    else
        let mutable best = 0
        for k in 1 .. outputs - 1 do
            if s.[k * rows + i] > s.[best * rows + i] then best <- k
        best

/// The predicted class of every row from its scores.
let classesOfScores (outputs: int) (rows: int) (s: float[]) : int[] = Array.init rows (classOfScores outputs rows s)

let predict (w: float[]) (outputs: int) (x: Matrix) : int[] = classesOfScores outputs x.Rows (scores w outputs x)

/// Per-class probabilities for each row from its scores, which become σ(score) in place: [1 − p; p] for one unit;
/// for one-vs-rest units, each unit's σ divided by their sum, as scikit-learn's predict_proba does for one-vs-rest
/// models (the arg-max is the predicted class).
let probabilitiesOfScores (outputs: int) (rows: int) (s: float[]) : float[][] =
    Sigmoid.Apply(ReadOnlySpan s, Span s)
    Array.init rows (fun i ->
        if outputs = 1 then
            [| 1.0 - s.[i]; s.[i] |]
        else
            let row = Array.init outputs (fun k -> s.[k * rows + i])
            let total = Array.sum row
            Array.map (fun v -> v / total) row)

/// softmax over each row's scores (by log-sum-exp: finite for any finite scores).
let softmaxOfScores (outputs: int) (rows: int) (s: float[]) : float[][] =
    Array.init rows (fun i ->
        let row = Array.init outputs (fun k -> s.[k * rows + i])
        let m = Array.max row
        let e = row |> Array.map (fun z -> exp (z - m))
        let total = Array.sum e
        e |> Array.map (fun v -> v / total))

/// scikit-learn's modified Huber probabilities: p = (clip(z, −1, 1) + 1) / 2 per output; [1 − p; p] for one output,
/// and for several each p over their sum (1/K each where they are all 0), as SGDClassifier.predict_proba.
let modifiedHuberOfScores (outputs: int) (rows: int) (s: float[]) : float[][] =
    let p z = (Math.Clamp(z, -1.0, 1.0) + 1.0) / 2.0
    Array.init rows (fun i ->
        if outputs = 1 then
            let q = p s.[i]
            [| 1.0 - q; q |]
        else
            let row = Array.init outputs (fun k -> p s.[k * rows + i])
            let total = Array.sum row
            if total = 0.0 then Array.create outputs (1.0 / float outputs) else row |> Array.map (fun v -> v / total))

/// Each class's decision score per row: the K outputs' scores, or for one output [−z; z] (the second class's score
/// is z, as scikit-learn's decision_function).
let decisionScoresOf (outputs: int) (rows: int) (s: float[]) : float[][] =
    Array.init rows (fun i -> if outputs = 1 then [| -s.[i]; s.[i] |] else Array.init outputs (fun k -> s.[k * rows + i]))

/// What a model of `loss` gives per class for each row from its scores: probabilities (see outputKind) or scores.
let outputsOfScores (loss: LossKind) (outputs: int) (rows: int) (s: float[]) : float[][] =
    match loss with
    | LossKind.Softmax -> softmaxOfScores outputs rows s
    | LossKind.ModifiedHuber -> modifiedHuberOfScores outputs rows s
    | LossKind.SquaredError
    | LossKind.LogLoss -> probabilitiesOfScores outputs rows s
    | _ -> decisionScoresOf outputs rows s

/// Per-class probabilities for each row (see probabilitiesOfScores).
let classProbabilities (w: float[]) (outputs: int) (x: Matrix) : float[][] =
    probabilitiesOfScores outputs x.Rows (scores w outputs x)
