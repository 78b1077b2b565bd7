/// Which columns of a table are read, by the same rules for CSV and Parquet: the label (a column name or a 0-based
/// index; the last column by default) and the features (the named columns in their order, or by default every column
/// but the label), less the columns left out, which are never parsed or converted.
module Descent.ColumnChoice

open System

/// The label column among `names`: a name (when the file has names) or a 0-based index.
let label (src: TableSource) (names: string[]) (hasNames: bool) (label: string option) : int =
    let width = names.Length
    match label with
    | None -> width - 1
    | Some label ->
        let byName = if hasNames then Array.tryFindIndex ((=) (label.Trim())) names else None
        match byName, Int32.TryParse(label.Trim()) with
        | Some c, _ -> c
        | None, (true, c) when c >= 0 && c < width -> c
        | None, (true, c) -> TableSource.fail src $"{DataLabel.Token} {c} is out of range: the file has {width} columns (0..{width - 1})"
        | None, _ when hasNames -> TableSource.fail src $"{DataLabel.Token} '{label}' is not a column (columns: {TableSource.listed names})"
        | None, _ -> TableSource.fail src $"{DataLabel.Token} '{label}': the file has no header row, so {DataLabel.Token} must be a 0-based column index"

/// Each of `wanted` (names given by `setting`) as a column index; refuses a name that is not a column.
let private indexesOf (src: TableSource) (names: string[]) (setting: Setting) (wanted: string list) =
    wanted
    |> List.map (fun name ->
        match Array.tryFindIndex ((=) name) names with
        | Some c -> c
        | None -> TableSource.fail src $"{setting.Token} '{name}' is not a column (columns: {TableSource.listed names})")

/// The feature columns (0-based, in reading order) of a table with column `names` and label column `labelColumn`
/// (-1: none): `columns` in their order, or every column but the label; never one of `ignore`.
let features (src: TableSource) (names: string[]) (labelColumn: int) (columns: string list option) (ignore: string list) : int[] =
    let ignored = indexesOf src names DataIgnore ignore
    if labelColumn >= 0 && List.contains labelColumn ignored then
        TableSource.fail src $"{DataIgnore.Token} leaves out '{names.[labelColumn]}', the label column (choose another with {DataLabel.Token})"
    let chosen =
        match columns with
        | Some wanted ->
            let picked = indexesOf src names DataColumns wanted
            match picked |> List.countBy id |> List.tryFind (fun (_, n) -> n > 1) with
            | Some (c, _) -> TableSource.fail src $"{DataColumns.Token} names '{names.[c]}' more than once"
            | None -> ()
            if labelColumn >= 0 && List.contains labelColumn picked then
                TableSource.fail src $"{DataColumns.Token} names '{names.[labelColumn]}', the label column; a column is a feature or the label"
            match picked |> List.tryFind (fun c -> List.contains c ignored) with
            | Some c -> TableSource.fail src $"'{names.[c]}' is both among {DataColumns.Token} and {DataIgnore.Token}"
            | None -> ()
            Array.ofList picked
        | None -> [| for c in 0 .. names.Length - 1 do if c <> labelColumn && not (List.contains c ignored) then c |]
    if chosen.Length = 0 then TableSource.fail src "leaves no feature column: a table needs at least one besides the label"
    chosen
