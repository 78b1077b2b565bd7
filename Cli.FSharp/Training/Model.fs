/// A trained linear model of K sigmoid units: weights are class-major (w.[k * d + j]), the bias is each unit's last weight.
module Descent.Model

open System
open Descent.Core

/// Sigmoid units needed for K classes: one for two classes, one per class (one-vs-rest) beyond.
let outputsFor (classes: int) = if classes <= 2 then 1 else classes

/// Training targets, column-major rows × outputs: y itself for one unit, one-hot columns for several.
let targets (outputs: int) (y: int[]) : float[] =
    let n = y.Length
    if outputs = 1 then
        Array.map float y
    else
        let t = Array.zeroCreate (n * outputs)
        y |> Array.iteri (fun i c -> t.[c * n + i] <- 1.0)
        t

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

/// Per-class probabilities for each row (see probabilitiesOfScores).
let classProbabilities (w: float[]) (outputs: int) (x: Matrix) : float[][] =
    probabilitiesOfScores outputs x.Rows (scores w outputs x)
