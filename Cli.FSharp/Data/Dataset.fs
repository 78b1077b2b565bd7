namespace Descent

/// A labelled table: features (no bias column), integer classes 0..K-1 and the names behind them.
type Dataset =
    { X: Matrix
      Y: int[]
      FeatureNames: string[]
      /// Class labels as the user knows them, indexed by class number (sorted).
      Classes: string[]
      /// Name of the column the labels came from ("y" for generated data).
      LabelName: string }

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

    /// The rows at `indices`, in that order, with the bias column appended: the one copy a split makes of the data.
    let takeRowsWithBias (indices: int[]) (ds: Dataset) : LabelledRows =
        let n = indices.Length
        let d = ds.X.Cols
        let out = Matrix.zeroCreate n (d + 1)
        for j in 0 .. d - 1 do
            let src = j * ds.X.Rows
            let dst = j * n
            for i in 0 .. n - 1 do
                out.Data.[dst + i] <- ds.X.Data.[src + indices.[i]]
        System.Array.Fill(out.Data, 1.0, d * n, n)
        { X = out; Y = Array.map (fun i -> ds.Y.[i]) indices }

    /// The rows at `indices`, in that order (no bias column).
    let takeRows (indices: int[]) (ds: Dataset) =
        { ds with X = Matrix.takeRows indices ds.X; Y = Array.map (fun i -> ds.Y.[i]) indices }
