/// A labelled Dataset from a Parquet file: the label and feature columns chosen by the rules a CSV file's are
/// (ColumnChoice), with the column names from the file's schema.
module Descent.ParquetDataset

/// Loads the table `spec` describes; refuses files that cannot train a classifier (fewer than two columns, no rows,
/// a single class, a column that is not numeric among the features, a bad column choice).
let load (spec: TableFile) : Dataset =
    let t = ParquetFile.openFile (TableSource.ofFile DataTable spec)
    let src = t.Source
    if t.Names.Length < 2 then TableSource.fail src "has a single column; it needs at least one feature column and a label column"
    let label = ColumnChoice.label src t.Names true spec.Label
    let features = ColumnChoice.features src t.Names label spec.Columns spec.Ignore
    ParquetTable.read t features label spec.DropMissing
    |> TableRows.toDataset src t.Names features label "has no rows"
