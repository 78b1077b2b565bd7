/// A labelled Dataset from a Parquet file: the label column chosen by the spec (default: the last), every other
/// column a feature; the same rules as a CSV file's (CsvDataset), with the column names from the file's schema.
module Descent.ParquetDataset

open System

/// The label column: a column name, else a 0-based index.
let private labelColumn (spec: CsvSpec) (t: ParquetTable.Table) =
    let width = t.Names.Length
    match spec.Label with
    | None -> width - 1
    | Some label ->
        match Array.tryFindIndex ((=) (label.Trim())) t.Names, Int32.TryParse(label.Trim()) with
        | Some c, _ -> c
        | None, (true, c) when c >= 0 && c < width -> c
        | None, (true, c) -> CsvTable.fail t.Source $"{DataLabel.Token} {c} is out of range: the file has {width} columns (0..{width - 1})"
        | None, _ -> CsvTable.fail t.Source $"{DataLabel.Token} '{label}' is not a column (columns: {CsvDataset.listed t.Names})"

/// Loads the table `spec` describes; refuses files that cannot train a classifier (fewer than two columns, no rows,
/// a single class, a column that is not numeric among the features).
let load (spec: CsvSpec) : Dataset =
    use t = ParquetTable.openTable (CsvDataset.source spec)
    let src = t.Source
    let width = t.Names.Length
    if width < 2 then CsvTable.fail src "has a single column; it needs at least one feature column and a label column"
    let label = labelColumn spec t
    let features = [| for c in 0 .. width - 1 do if c <> label then c |]
    let rows = ParquetTable.read t features label spec.DropMissing
    if rows.X.Rows = 0 then
        if rows.Dropped > 0 then CsvTable.fail src $"every row has a null ({DataDropMissing.Token} skipped all {rows.Dropped})"
        else CsvTable.fail src "has no rows"
    if rows.Classes.Length < 2 then
        CsvTable.fail src $"the label column '{t.Names.[label]}' holds a single class ('{rows.Classes.[0]}'); at least two are needed"
    { X = rows.X
      Y = rows.Y
      FeatureNames = Array.map (fun c -> t.Names.[c]) features
      Classes = rows.Classes
      LabelName = t.Names.[label]
      Dropped = rows.Dropped }
