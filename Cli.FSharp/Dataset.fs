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

module Dataset =

    let rows (ds: Dataset) = ds.X.Rows

    let classCount (ds: Dataset) = ds.Classes.Length

    let defaultFeatureNames count = Array.init count (sprintf "x%d")

    let takeRows (indices: int[]) (ds: Dataset) =
        { ds with X = Matrix.takeRows indices ds.X; Y = Array.map (fun i -> ds.Y.[i]) indices }
