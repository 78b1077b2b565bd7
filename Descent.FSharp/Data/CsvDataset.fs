/// A labelled Dataset from a CSV file: header detection, the label column and the feature columns (ColumnChoice).
module Descent.CsvDataset

open Descent.CsvCells

/// The label column and whether the first row is a header. The first row is a header when a cell other than the
/// label's is neither blank nor a number (so a headerless file may still have text labels); `NoHeader` says it is
/// data. A `Label` that names a cell of a header row is that column; otherwise it must be a 0-based index.
let private layout (spec: TableFile) (t: CsvFile.CsvFile) : int * bool =
    let first = t.First
    let detect label =
        not spec.NoHeader && first |> Array.indexed |> Array.exists (fun (c, cell) -> c <> label && isName cell)
    let headerish = not spec.NoHeader && Array.exists isName first
    let names = Array.map cellName first
    let label = ColumnChoice.label t.Source names headerish spec.Label
    match spec.Label with
    | Some name when headerish && names.[label] = name.Trim() -> label, true
    | _ -> label, detect label

/// Loads the table `spec` describes; refuses files that cannot train a classifier (see CsvTable.read, plus: fewer
/// than two columns, no data rows, a single class, a bad column choice).
let load (spec: TableFile) : Dataset =
    use t = CsvFile.openFile (TableSource.ofFile DataTable spec)
    let src = t.Source
    if t.First.Length < 2 then
        TableSource.failAt src t.FirstLine $"has a single column; it needs at least one feature column and a label column (check {DataDelimiter.Token})"
    let label, header = layout spec t
    let names = CsvFile.columnNames t header
    let features = ColumnChoice.features src names label spec.Columns spec.Ignore
    CsvTable.read t (not header) names features label spec.DropMissing
    |> TableRows.toDataset src names features label "has a header but no data rows"
