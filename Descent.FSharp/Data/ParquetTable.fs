/// Numeric tables from Parquet files, read with ParquetSharp (Apache's C++ implementation): feature columns of any
/// numeric physical or logical type converted to doubles straight into the column-major matrix (with room for the bias
/// column), a label column of any type (strings, dictionary-encoded or not, numbers, bools, dates), every codec Apache's
/// reader reads, pages checked against their checksums. Each (row group, column) chunk is read apart, across the
/// cores, each worker with a reader of its own. A null is refused like an empty CSV cell, naming the row group, the row
/// and the column, or its row dropped with DropMissing.
module Descent.ParquetTable

open System
open System.Globalization
open System.Threading.Tasks
open ParquetSharp
open Descent.ParquetFile
open Descent.ParquetColumns

let private failAt (src: TableSource) (group: int) (row: int64) (column: string) (message: string) : 'a =
    Fail.file src.Role src.Path $", row group {group + 1}, row {row + 1L}, column '{column}': {message}"

/// What one chunk's read found: its first null row and first non-finite row (relative to the group), -1 for none.
[<Struct>]
type private Found = { FirstNull: int; FirstNonFinite: int }

let private nothing = { FirstNull = -1; FirstNonFinite = -1 }

/// Drops the rows marked missing from the n-row column-major `data` (d columns) by moving the others down in place
/// (RowGather.InPlace), and keeps their labels: (rows kept, their labels, or [||] when `ids` is empty).
let private dropRows (data: float[]) (n: int) (d: int) (missing: bool[]) (ids: int[]) =
    let kept = Array.init n id |> Array.filter (fun i -> not missing.[i])
    Descent.Core.RowGather.InPlace(data, n, d, kept)
    kept.Length, (if ids.Length > 0 then Dataset.valuesAt kept ids else [||])

/// Reads the `features` columns (0-based) and, when `labelColumn` ≥ 0, the label column of every row group: a null is
/// refused (or its row dropped with `dropMissing`), as is a non-finite feature. Refuses a feature column that does not
/// hold numbers, and a table whose matrix would not fit in memory, before reading any row.
let read (t: ParquetFile) (features: int[]) (labelColumn: int) (dropMissing: bool) : TableRows =
    let src = t.Source
    for c in features do
        featureRefusal t.Columns.[c].Type |> Option.iter (fun why -> TableSource.fail src $"column '{t.Names.[c]}' {why}")
    let total = Array.sum t.GroupRows
    let d = features.Length
    MemoryCheck.table src total d
    let n = int total
    let data = GC.AllocateUninitializedArray<float>(n * (d + 1))
    let ids = Array.zeroCreate<int> (if labelColumn >= 0 then n else 0)
    let missing = Array.zeroCreate<bool> n
    let groups = t.GroupRows.Length
    let offsets = Array.scan (+) 0 (t.GroupRows |> Array.map int)
    // One piece of work per (row group, column): the feature columns, then the label's; each group's labels get a
    // collector of their own, merged in file order below.
    let perGroup = d + (if labelColumn >= 0 then 1 else 0)
    let collectors = Array.init groups (fun _ -> LabelCollector())
    let found = Array.create (groups * perGroup) nothing
    let errors: exn option[] = Array.create (groups * perGroup) None
    let readPiece (reader: ParquetFileReader) (item: int) =
        let g = item / perGroup
        let k = item % perGroup
        let count = int t.GroupRows.[g]
        let offset = offsets.[g]
        try
            guarded src $" (row group {g + 1})" (fun () ->
                use rg = reader.RowGroup g
                if k < d then
                    let c = features.[k]
                    use column = rg.Column c
                    let nulls = ResizeArray()
                    readNumbers column t.Columns.[c] count data (k * n + offset) nulls
                    for i in nulls do
                        missing.[offset + i] <- true
                    let nonFinite = Core.Finite.FirstNonFinite(ReadOnlySpan<float>(data, k * n + offset, count))
                    found.[item] <- { FirstNull = (if nulls.Count > 0 then nulls.[0] else -1); FirstNonFinite = nonFinite }
                else
                    use column = rg.Column labelColumn
                    readLabels column t.Columns.[labelColumn] count collectors.[g] ids offset
                    let mutable first = -1
                    for i in count - 1 .. -1 .. 0 do
                        if ids.[offset + i] < 0 then
                            missing.[offset + i] <- true
                            first <- i
                    found.[item] <- { nothing with FirstNull = first })
        with ex -> errors.[item] <- Some ex
    let items = groups * perGroup
    if items > 0 then
        Parallel.For(
            0,
            items,
            (fun () -> openReader src.Path),
            (fun item _ reader -> readPiece reader item; reader),
            (fun reader -> reader.Dispose())
        )
        |> ignore
    // The first problem in file order: a group's pieces in column order, each group's earliest row.
    errors |> Array.tryPick id |> Option.iter raise
    for g in 0 .. groups - 1 do
        let problems =
            [ for k in 0 .. perGroup - 1 do
                  let f = found.[g * perGroup + k]
                  let column = if k < d then t.Names.[features.[k]] else t.Names.[labelColumn]
                  if f.FirstNonFinite >= 0 then f.FirstNonFinite, k, column, true
                  if f.FirstNull >= 0 && not dropMissing then f.FirstNull, k, column, false ]
        match problems |> List.sortBy (fun (row, k, _, _) -> row, k) |> List.tryHead with
        | Some (row, k, column, true) ->
            let v = data.[k * n + offsets.[g] + row]
            failAt src g (int64 row) column $"{v.ToString(CultureInfo.InvariantCulture)} is not a finite number"
        | Some (row, _, column, false) -> failAt src g (int64 row) column $"null ({DataDropMissing.Token} skips rows with empty cells)"
        | None -> ()
    // Each group's provisional ids, numbered in its own order of first appearance, become the classes of the file.
    let labels, maps = TableRows.mergeLabels collectors
    let classes, remap = labels.Finish()
    if labelColumn >= 0 then
        for g in 0 .. groups - 1 do
            let classOf = maps.[g] |> Array.map (fun id -> remap.[id])
            for i in offsets.[g] .. offsets.[g + 1] - 1 do
                let id = ids.[i]
                if id >= 0 then ids.[i] <- classOf.[id]
    let m, y = if Array.contains true missing then dropRows data n d missing ids else n, ids
    { X = { Data = data; Rows = m; Cols = d }; Y = y; Classes = classes; Dropped = n - m; Slices = items }
