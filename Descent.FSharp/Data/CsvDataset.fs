/// A labelled Dataset from a CSV file: the label column chosen by the spec (default: the last), every other column a
/// feature.
module Descent.CsvDataset

open System

let source (spec: CsvSpec) : CsvTable.Source =
    { Path = spec.Path; Role = DataTable; Delimiter = spec.Delimiter }

/// Column names for a message: the first 20, then how many in all.
let listed (names: string[]) =
    let shown = names |> Array.truncate 20 |> String.concat ", "
    if names.Length > 20 then $"{shown}, … ({names.Length} in all)" else shown

/// The label column and whether the first row is a header. The first row is a header when a cell other than the
/// label's is neither blank nor a number (so a headerless file may still have text labels); `NoHeader` says it is
/// data. A `Label` that names a cell of a header row is that column; otherwise it must be a 0-based index.
let private layout (spec: CsvSpec) (t: CsvTable.Table) : int * bool =
    let first = t.First
    let width = first.Length
    let src = t.Source
    let detect label =
        not spec.NoHeader && first |> Array.indexed |> Array.exists (fun (c, cell) -> c <> label && CsvTable.isName cell)
    let headerish = not spec.NoHeader && Array.exists CsvTable.isName first
    match spec.Label with
    | None -> width - 1, detect (width - 1)
    | Some label ->
        let byName = if headerish then Array.tryFindIndex (fun cell -> CsvTable.cellName cell = label.Trim()) first else None
        match byName, Int32.TryParse(label.Trim()) with
        | Some c, _ -> c, true
        | None, (true, c) when c >= 0 && c < width -> c, detect c
        | None, (true, c) -> CsvTable.fail src $"{DataLabel.Token} {c} is out of range: the file has {width} columns (0..{width - 1})"
        | None, _ when headerish ->
            CsvTable.fail src $"{DataLabel.Token} '{label}' is not a column (columns: {listed (Array.map CsvTable.cellName first)})"
        | None, _ -> CsvTable.fail src $"{DataLabel.Token} '{label}': the file has no header row, so {DataLabel.Token} must be a 0-based column index"

/// Loads the table `spec` describes; refuses files that cannot train a classifier (see CsvTable.read, plus: fewer
/// than two columns, no data rows, a single class).
let load (spec: CsvSpec) : Dataset =
    use t = CsvTable.openTable (source spec)
    let src = t.Source
    let width = t.First.Length
    if width < 2 then
        CsvTable.failAt src t.FirstLine $"has a single column; it needs at least one feature column and a label column (check {DataDelimiter.Token})"
    let label, header = layout spec t
    let names = CsvTable.columnNames t header
    let features = [| for c in 0 .. width - 1 do if c <> label then c |]
    let rows = CsvTable.read t (not header) names features label spec.DropMissing
    if rows.X.Rows = 0 then
        if rows.Dropped > 0 then CsvTable.fail src $"every data row has an empty cell ({DataDropMissing.Token} skipped all {rows.Dropped})"
        else CsvTable.fail src "has a header but no data rows"
    if rows.Classes.Length < 2 then
        CsvTable.fail src $"the label column '{names.[label]}' holds a single class ('{rows.Classes.[0]}'); at least two are needed"
    { X = rows.X
      Y = rows.Y
      FeatureNames = Array.map (fun c -> names.[c]) features
      Classes = rows.Classes
      LabelName = names.[label]
      Dropped = rows.Dropped }
