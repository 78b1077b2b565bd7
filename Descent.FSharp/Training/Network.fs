/// A network with hidden layers (Core's NetworkLayout): its shape for an experiment, its initial weights, its flat
/// weights as layer matrices and back, its scores, predictions and training loss at given weights. The flat buffer
/// holds the layers one after another, each W_l of (n_{l−1} + 1) × n_l row-major with its bias row last.
module Descent.Network

open System
open Descent.Core

/// "32,16": hidden widths as the settings write them.
let hiddenText (widths: int list) = widths |> List.map string |> String.concat ","

/// Widths written by hiddenText, or None.
let tryParseHidden (text: string) : int list option =
    let parts = text.Split(',') |> Array.map _.Trim()
    let parsed = parts |> Array.map (fun p -> match Int32.TryParse p with | true, v -> Some v | _ -> None)
    if parts.Length > 0 && parsed |> Array.forall Option.isSome then Some(parsed |> Array.map Option.get |> List.ofArray) else None

/// The layout of `a`'s network on inputs of `columns` columns (the bias column included) and `outputs` scores:
/// sizes n_0 = columns − 1, the hidden widths, then the outputs.
let layout (a: Architecture) (columns: int) (outputs: int) : NetworkLayout =
    NetworkLayout(Array.ofList ((columns - 1) :: a.Hidden @ [ outputs ]))

/// Weights the network of `a` has on `columns` input columns and `outputs` scores (as a float: it may not fit an int).
let weightCount (a: Architecture) (columns: int) (outputs: int) : float =
    let sizes = (columns - 1) :: a.Hidden @ [ outputs ] |> List.map float
    List.pairwise sizes |> List.sumBy (fun (n, m) -> (n + 1.0) * m)

/// The initial weights from the generator's next draws, layer after layer, each W_l drawn row-major as numpy fills it:
/// LeCun normal (the reference's) randn / √n_in, Glorot and He as Names.inits says (WeightInit's formulas).
let drawInitialWeights (init: WeightInit) (rng: RandomState) (layout: NetworkLayout) : float[] =
    let w = Array.zeroCreate<float> layout.WeightCount
    match init with
    | LeCunNormal -> layout.FillInitialWeights(rng, Span w)
    | _ ->
        for l in 0 .. layout.Layers - 1 do
            let fanIn, fanOut = float layout.Sizes.[l], float layout.Sizes.[l + 1]
            let layer = Span(w, layout.Offset l, layout.Rows l * layout.Columns l)
            match init with
            | GlorotUniform ->
                let a = sqrt (6.0 / (fanIn + fanOut))
                rng.FillUniform(layer, -a, a)
            | HeUniform ->
                let a = sqrt (6.0 / fanIn)
                rng.FillUniform(layer, -a, a)
            | GlorotNormal
            | HeNormal
            | LeCunNormal ->
                rng.FillStandardNormal layer
                let std = if init = HeNormal then sqrt (2.0 / fanIn) else sqrt (2.0 / (fanIn + fanOut))
                for i in 0 .. layer.Length - 1 do
                    layer.[i] <- layer.[i] * std
    w

/// The initial weights from RandomState(seed) (see drawInitialWeights).
let initialWeights (init: WeightInit) (seed: int64) (layout: NetworkLayout) : float[] =
    drawInitialWeights init (RandomState seed) layout

/// The flat weights as the layers' matrices: layer l as n_{l−1} + 1 rows of n_l values, the bias row last.
let layers (layout: NetworkLayout) (flat: float[]) : float[][][] =
    if flat.Length <> layout.WeightCount then invalidArg (nameof flat) $"{flat.Length} weights; the network {layout} has {layout.WeightCount}"
    Array.init layout.Layers (fun l ->
        let rows, cols, start = layout.Rows l, layout.Columns l, layout.Offset l
        Array.init rows (fun r -> Array.sub flat (start + r * cols) cols))

/// The layers' matrices back as the flat buffer (the inverse of `layers`).
let flatten (layout: NetworkLayout) (matrices: float[][][]) : float[] =
    if matrices.Length <> layout.Layers then invalidArg (nameof matrices) $"{matrices.Length} layers; the network {layout} has {layout.Layers}"
    let flat = Array.zeroCreate layout.WeightCount
    matrices
    |> Array.iteri (fun l m ->
        let rows, cols = layout.Rows l, layout.Columns l
        if m.Length <> rows || m |> Array.exists (fun r -> r.Length <> cols) then
            invalidArg (nameof matrices) $"layer {l + 1} must be {rows} × {cols}"
        m |> Array.iteri (fun r row -> Array.blit row 0 flat (layout.Offset l + r * cols) cols))
    flat

/// Weights that are exactly zero outside the bias rows (an L1 penalty's proximal step sets them).
let zeroWeights (layout: NetworkLayout) (w: float[]) : int =
    let mutable zeros = 0
    for l in 0 .. layout.Layers - 1 do
        let struct (start, length) = layout.NonBias l
        for i in start .. start + length - 1 do
            if w.[i] = 0.0 then zeros <- zeros + 1
    zeros

/// The non-bias weights (what zeroWeights counts out of).
let nonBiasCount (layout: NetworkLayout) =
    Seq.sum (seq { for l in 0 .. layout.Layers - 1 -> layout.Rows l * layout.Columns l - layout.Columns l })

/// The output scores of every row of `x` (the bias column last) at weights `w`, column-major rows × outputs.
let scores (layout: NetworkLayout) (activation: ActivationKind) (loss: LossKind) (w: float[]) (x: Matrix) : float[] =
    let s = Array.zeroCreate (x.Rows * layout.Outputs)
    if x.Rows > 0 then
        use ws = new NetworkWorkspace<float>(layout, activation, loss, x.Rows)
        ws.Scores(ColumnMajorRows<float>.Whole(ReadOnlySpan x.Data, x.Rows, x.Cols), ReadOnlySpan w, Span s)
    s

/// The predicted class of every row of `x` at weights `w`.
let predict (layout: NetworkLayout) (activation: ActivationKind) (loss: LossKind) (w: float[]) (x: Matrix) : int[] =
    Model.classesOfScores layout.Outputs x.Rows (scores layout activation loss w x)

/// The loss Σ ℓ over a fixed set of rows at any weights, forward only (Core's NetworkWorkspace.LossOf), in float64:
/// one workspace for many evaluations (a landscape's grid, a line). Dispose it when done.
type LossAt(layout: NetworkLayout, activation: ActivationKind, loss: LossKind, x: Matrix, targets: float[], ?threads: int) =
    let workspace = new NetworkWorkspace<float>(layout, activation, loss, max 1 x.Rows, defaultArg threads 1)

    member _.Layout = layout

    /// Σ ℓ over the rows at the flat weights `w` (no penalty).
    member _.Sum(w: ReadOnlySpan<float>) =
        workspace.LossOf(
            ColumnMajorRows<float>.Whole(ReadOnlySpan x.Data, x.Rows, x.Cols),
            ColumnMajorRows<float>.Whole(ReadOnlySpan targets, x.Rows, layout.Outputs),
            w
        )

    interface IDisposable with
        member _.Dispose() = workspace.Dispose()
