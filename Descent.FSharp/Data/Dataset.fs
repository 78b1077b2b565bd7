namespace Descent

/// A labelled table: features (no bias column), integer classes 0..K-1 and the names behind them.
type Dataset =
    { X: Matrix
      Y: int[]
      FeatureNames: string[]
      /// Class labels as the user knows them, indexed by class number (sorted).
      Classes: string[]
      /// Name of the column the labels came from ("y" for generated data).
      LabelName: string
      /// Rows of the file skipped for an empty cell or a null (DropMissing); 0 for generated data.
      Dropped: int }

/// What a model needs to know of the table it was trained on, without the rows: kept by runs and model files.
type Schema =
    { FeatureNames: string[]
      Classes: string[]
      LabelName: string }

/// Rows ready for training or evaluation: the features with the bias column (ones) last, and their classes.
type LabelledRows =
    { X: Matrix
      Y: int[] }

    /// Features per row, without the bias column.
    member r.Features = r.X.Cols - 1

module Dataset =

    let rows (ds: Dataset) = ds.X.Rows

    let classCount (ds: Dataset) = ds.Classes.Length

    let defaultFeatureNames count = Array.init count (sprintf "x%d")

    let schema (ds: Dataset) : Schema =
        { FeatureNames = ds.FeatureNames; Classes = ds.Classes; LabelName = ds.LabelName }

    /// values.[indices.[i]] for each i, in a loop compiled optimized at once (Core's RowGather.Column): a split maps
    /// a million row numbers or classes this way once.
    let valuesAt (indices: int[]) (values: int[]) =
        let picked = Array.zeroCreate<int> indices.Length
        Core.RowGather.Column(System.ReadOnlySpan values, System.ReadOnlySpan indices, System.Span picked)
        picked

    /// The classes of the rows at `indices`, in that order.
    let classesAt (indices: int[]) (ds: Dataset) = valuesAt indices ds.Y

    /// The rows at `indices`, in that order, with the bias column appended: a copy of those rows.
    let takeRowsWithBias (indices: int[]) (ds: Dataset) : LabelledRows =
        let n = indices.Length
        let d = ds.X.Cols
        let out = Matrix.zeroCreate n (d + 1)
        Core.RowGather.Columns(ds.X.Data, ds.X.Rows, d, indices, out.Data)
        System.Array.Fill(out.Data, 1.0, d * n, n)
        { X = out; Y = classesAt indices ds }

    /// Whether `ds`'s array can hold `rows` rows with the bias column (see takeOwnRowsWithBias).
    let hasRoomFor (rows: int) (ds: Dataset) = ds.X.Data.Length >= rows * (ds.X.Cols + 1)

    /// The rows at `indices`, in that order, with the bias column, moved within `ds`'s own array instead of copied
    /// (RowGather.InPlace): afterwards `ds`'s rows are gone and the result owns the array (its first
    /// rows × (features + 1) values). Needs `hasRoomFor indices.Length ds` and indices.Length ≤ Rows.
    let takeOwnRowsWithBias (indices: int[]) (ds: Dataset) : LabelledRows =
        let m = indices.Length
        let d = ds.X.Cols
        if not (hasRoomFor m ds) || m > ds.X.Rows then invalidArg (nameof ds) "no room for the rows with the bias column"
        let data = ds.X.Data
        Core.RowGather.InPlace(data, ds.X.Rows, d, indices)
        System.Array.Fill(data, 1.0, d * m, m)
        { X = { Data = data; Rows = m; Cols = d + 1 }; Y = classesAt indices ds }

    /// The rows at `indices`, in that order (no bias column).
    let takeRows (indices: int[]) (ds: Dataset) =
        { ds with X = Matrix.takeRows indices ds.X; Y = classesAt indices ds }
