namespace Descent

open System

/// What a table reader (CSV or Parquet) returns: the features, the classes of the label column and the rows dropped.
type TableRows =
    { /// Features, column-major; its array has room for one more column (the bias a split appends in place).
      X: Matrix
      /// Class of each row, 0..K-1 (empty without a label column).
      Y: int[]
      /// Sorted class labels (see LabelCollector).
      Classes: string[]
      Dropped: int
      /// How many parts were read apart (CSV slices, Parquet row groups and columns).
      Slices: int }

module TableRows =

    /// The classes of label cells read in parts: each part's provisional classes renumbered as if one collector had
    /// seen the parts in file order.
    let mergeLabels (collectors: LabelCollector[]) : LabelCollector * int[][] =
        let all = LabelCollector()
        let maps = collectors |> Array.map (fun c -> c.Seen |> Array.map (fun name -> all.Add(name.AsSpan())))
        all, maps

    /// The Dataset of `rows` read from a table with column `names`; refuses a table left without rows (`noRows` says
    /// why, or every row was dropped) or holding a single class.
    let toDataset (src: TableSource) (names: string[]) (features: int[]) (label: int) (noRows: string) (rows: TableRows) : Dataset =
        if rows.X.Rows = 0 then
            if rows.Dropped > 0 then
                TableSource.fail src $"every data row has an empty cell or a null ({DataDropMissing.Token} skipped all {rows.Dropped})"
            else TableSource.fail src noRows
        if rows.Classes.Length < 2 then
            TableSource.fail src $"the label column '{names.[label]}' holds a single class ('{rows.Classes.[0]}'); at least two are needed"
        { X = rows.X
          Y = rows.Y
          FeatureNames = Array.map (fun c -> names.[c]) features
          Classes = rows.Classes
          LabelName = names.[label]
          Dropped = rows.Dropped }
