namespace Descent

/// How features are scaled before training: fitted on the training rows only, applied to every other row (test,
/// validation, and new rows at prediction time), and stored in the model.
type Scaling =
    | NoScaling
    /// (x − mean) / std with the population std, as scikit-learn's StandardScaler.
    | Standard
    /// (x − min) / (max − min), as scikit-learn's MinMaxScaler to [0, 1].
    | MinMax

/// A fitted scaler: column j becomes (x − Offset.[j]) / Scale.[j]. A constant column gets Scale 1, as in
/// scikit-learn, so it becomes 0 instead of a division by zero.
type Scaler =
    { Kind: Scaling
      Offset: float[]
      Scale: float[] }

module Scaler =

    /// Values from which a pass over the columns runs in parallel.
    let private bigMatrix = 1 <<< 18

    /// float64 machine epsilon (numpy's finfo(float64).eps), 2^-52.
    let private eps = 2.220446049250313e-16

    let identity (features: int) =
        { Kind = NoScaling; Offset = Array.zeroCreate features; Scale = Array.create features 1.0 }

    /// scikit-learn's _is_constant_feature: a variance within the rounding error of the two-pass algorithm
    /// (Chan, Golub and LeVeque) is taken for zero.
    let private isConstant (variance: float) (mean: float) (n: int) =
        let nf = float n
        variance <= nf * eps * variance + (nf * mean * eps) ** 2.0

    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)>]
    let private minMaxColumn (x: Matrix) j =
        let column = System.ReadOnlySpan(x.Data, j * x.Rows, x.Rows)
        let mutable lo = System.Double.PositiveInfinity
        let mutable hi = System.Double.NegativeInfinity
        for v in column do
            lo <- min lo v
            hi <- max hi v
        let range = hi - lo
        // MinMaxScaler's _handle_zeros_in_scale: a range below 10 eps counts as zero.
        lo, (if range < 10.0 * eps then 1.0 else range)

    /// Fits a scaler of the given kind on the first `features` columns of `x`.
    let private fitColumns (kind: Scaling) (x: Matrix) (features: int) : Scaler =
        // Columns are independent: a big matrix is fitted a column per core.
        let columns f =
            (if x.Rows * features >= bigMatrix then Array.Parallel.init features (f x) else Array.init features (f x))
            |> Array.unzip
        match kind with
        | NoScaling -> identity features
        | Standard ->
            // Mean and population variance by the corrected two-pass algorithm, each sum in row order as
            // StandardScaler's numpy sums along axis 0 take it (Core's ColumnScaling, four columns at a time).
            let means = Array.zeroCreate features
            let variances = Array.zeroCreate features
            Core.ColumnScaling.MeanVariance(x.Data, x.Rows, features, means, variances)
            let scale = Array.init features (fun j -> if isConstant variances.[j] means.[j] x.Rows then 1.0 else sqrt variances.[j])
            { Kind = Standard; Offset = means; Scale = scale }
        | MinMax ->
            let offset, scale = columns minMaxColumn
            { Kind = MinMax; Offset = offset; Scale = scale }

    /// Fits a scaler of the given kind on the rows of `x` (no bias column).
    let fit (kind: Scaling) (x: Matrix) : Scaler = fitColumns kind x x.Cols

    /// Fits a scaler on the feature columns of `rows` (not the bias column).
    let fitRows (kind: Scaling) (rows: LabelledRows) : Scaler = fitColumns kind rows.X rows.Features

    /// Scales the scaler's columns of `x` in place (the first ones; a bias column after them is left alone): for
    /// matrices nobody else holds, such as the fresh row copies a split makes, so that a big table is not copied again.
    let applyInPlace (s: Scaler) (x: Matrix) =
        if s.Kind <> NoScaling then
            Core.ColumnScaling.Scale(x.Data, x.Rows, s.Offset.Length, s.Offset, s.Scale)

    /// `x` scaled column by column (the same matrix when the scaler does nothing).
    let apply (s: Scaler) (x: Matrix) : Matrix =
        if s.Kind = NoScaling then
            x
        else
            let out = { x with Data = Array.sub x.Data 0 (x.Rows * x.Cols) }
            applyInPlace s out
            out
