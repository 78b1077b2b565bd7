/// Numeric tables from Parquet files, read with ParquetSharp (Apache's C++ implementation): feature columns of any
/// numeric physical or logical type (float, double, int8–64, unsigned, bool, decimal) converted to doubles straight
/// into the column-major matrix (with room for the bias column), a label column of any type (strings, dictionary-encoded
/// or not, numbers, bools, dates), every codec Apache's reader reads, pages checked against their checksums. Each
/// (row group, column) chunk is read apart, across the cores, each by a reader of its own. A null is refused like an
/// empty CSV cell, naming the row group, the row and the column, or its row dropped with DropMissing.
module Descent.ParquetTable

open System
open System.Collections.Generic
open System.Globalization
open System.Text
open System.Threading.Tasks
open ParquetSharp

/// One flat column: its name, the type ParquetSharp reads its values as (without Nullable), whether it may hold nulls.
type Column =
    { Name: string
      Type: Type
      Optional: bool
      Physical: PhysicalType }

/// A Parquet file's schema and row groups (no reader is kept open: each worker opens its own).
type ParquetFile =
    { Source: TableSource
      Columns: Column[]
      Names: string[]
      /// Rows of each row group.
      GroupRows: int64[] }

let private failAt (src: TableSource) (group: int) (row: int64) (column: string) (message: string) : 'a =
    Fail.file src.Role src.Path $", row group {group + 1}, row {row + 1L}, column '{column}': {message}"

/// The C++ reader's message as one line.
let private firstLine (message: string) =
    let line = (message.Split('\n', StringSplitOptions.RemoveEmptyEntries) |> Array.tryHead |> Option.defaultValue "").Trim()
    if line = "" then "unknown error" else line

/// ParquetSharp's exceptions on a damaged file (truncated, not Parquet, bad pages, a wrong checksum) as one line
/// naming the file.
let private guarded (src: TableSource) (where: string) (f: unit -> 'a) : 'a =
    try
        f ()
    with
    | DescentError _ -> reraise ()
    | :? OutOfMemoryException -> reraise ()
    | :? UnauthorizedAccessException as ex -> TableSource.fail src $"cannot be read: {ex.Message}"
    | ex when ex.Message.Contains("CRC checksum", StringComparison.OrdinalIgnoreCase) ->
        TableSource.fail src $"is damaged{where}: a page does not match its checksum"
    | ex -> TableSource.fail src $"is not a readable Parquet file{where}: {firstLine ex.Message}"

/// A reader of the file that verifies the checksums of the pages that carry one.
let openReader (path: string) =
    ParquetNative.ensure ()
    use properties = ReaderProperties.GetDefaultReaderProperties()
    properties.EnablePageChecksumVerification()
    new ParquetFileReader(path, properties)

/// Opens `src` and reads its schema and row-group sizes; refuses a missing file, one that is not Parquet, one with
/// nested or repeated columns.
let openFile (src: TableSource) : ParquetFile =
    TableSource.checkExists src
    if IO.FileInfo(src.Path).Length = 0L then TableSource.fail src "is empty (no rows)"
    guarded src "" (fun () ->
        use reader = openReader src.Path
        use meta = reader.FileMetaData
        let schema = meta.Schema
        let columns =
            Array.init schema.NumColumns (fun c ->
                let d = schema.Column c
                use path = d.Path
                if d.MaxRepetitionLevel > 0s || path.ToDotVector().Length > 1 then
                    TableSource.fail src $"column '{path.ToDotString()}' is nested or repeated; descent reads flat tables of one value per cell"
                let struct (_, _, element) = d.GetSystemTypes(reader.LogicalTypeFactory, null)
                let t = Nullable.GetUnderlyingType element |> Option.ofObj |> Option.defaultValue element
                { Name = d.Name; Type = t; Optional = d.MaxDefinitionLevel > 0s; Physical = d.PhysicalType })
        { Source = src
          Columns = columns
          Names = columns |> Array.map _.Name
          GroupRows = Array.init meta.NumRowGroups (fun g -> use rg = reader.RowGroup g in rg.MetaData.NumRows) })

/// A column type as a message names it.
let private typeName (t: Type) =
    if t = typeof<string> then "text (strings)"
    elif t = typeof<DateTime> || t = typeof<DateTimeOffset> || t = typeof<Date> || t = typeof<DateOnly> then "dates"
    elif t = typeof<TimeSpan> || t = typeof<TimeOnly> then "times of day"
    elif t = typeof<byte[]> then "raw bytes"
    else t.Name

let private numericTypes: Type[] =
    [| typeof<float>; typeof<float32>; typeof<sbyte>; typeof<byte>; typeof<int16>; typeof<uint16>; typeof<int>
       typeof<uint32>; typeof<int64>; typeof<uint64>; typeof<bool>; typeof<decimal> |]

/// Why a column cannot be a feature, or None when it holds numbers.
let featureRefusal (t: Type) : string option =
    if Array.contains t numericTypes then None
    else
        Some
            $"holds {typeName t}, which are not numbers; a feature column must be float, double, int8–64, unsigned, bool or decimal (choose it as the label with {DataLabel.Token}, or leave it out with {DataIgnore.Token})"

/// Reads `count` values of a column chunk with a logical reader into `into`.
let private readAll (reader: LogicalColumnReader<'T>) (into: Span<'T>) =
    let mutable read = 0
    while read < into.Length do
        let n = reader.ReadBatch(into.Slice read)
        if n = 0 then invalidOp "the column chunk holds fewer values than its row group's rows"
        read <- read + n

/// A chunk of `count` values as doubles into dst[offset ..]; the rows (relative) holding null are added to `nulls`
/// (their slots set to 0).
let private readConverted<'T when 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType>
    (column: ColumnReader) (optional: bool) (count: int) (convert: 'T -> float) (dst: float[]) (offset: int) (nulls: ResizeArray<int>) =
    if optional then
        use r = column.LogicalReader<Nullable<'T>>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<Nullable<'T>> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            let v = values.[i]
            if v.HasValue then dst.[offset + i] <- convert v.Value
            else
                dst.[offset + i] <- 0.0
                nulls.Add i
    else
        use r = column.LogicalReader<'T>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<'T> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            dst.[offset + i] <- convert values.[i]

/// A numeric column chunk as doubles (see featureRefusal for the types): a required DOUBLE column straight into the
/// matrix through the physical reader, anything else through a logical reader and a conversion.
let private readNumbers (column: ColumnReader) (c: Column) (count: int) (dst: float[]) (offset: int) (nulls: ResizeArray<int>) =
    let t = c.Type
    if t = typeof<float> && not c.Optional && c.Physical = PhysicalType.Double then
        let physical = column :?> ColumnReader<float>
        let mutable read = 0
        while read < count do
            let mutable values = 0L
            let levels = physical.ReadBatch(int64 (count - read), Span<float>(dst, offset + read, count - read), &values)
            if levels = 0L then invalidOp "the column chunk holds fewer values than its row group's rows"
            read <- read + int values
    elif t = typeof<float> then readConverted<float> column c.Optional count id dst offset nulls
    elif t = typeof<float32> then readConverted<float32> column c.Optional count float dst offset nulls
    elif t = typeof<sbyte> then readConverted<sbyte> column c.Optional count float dst offset nulls
    elif t = typeof<byte> then readConverted<byte> column c.Optional count float dst offset nulls
    elif t = typeof<int16> then readConverted<int16> column c.Optional count float dst offset nulls
    elif t = typeof<uint16> then readConverted<uint16> column c.Optional count float dst offset nulls
    elif t = typeof<int> then readConverted<int> column c.Optional count float dst offset nulls
    elif t = typeof<uint32> then readConverted<uint32> column c.Optional count float dst offset nulls
    elif t = typeof<int64> then readConverted<int64> column c.Optional count float dst offset nulls
    elif t = typeof<uint64> then readConverted<uint64> column c.Optional count float dst offset nulls
    elif t = typeof<bool> then readConverted<bool> column c.Optional count (fun b -> if b then 1.0 else 0.0) dst offset nulls
    elif t = typeof<decimal> then readConverted<decimal> column c.Optional count float dst offset nulls
    else invalidOp $"{t} is not numeric"

/// A chunk's values as text (null for a null): strings as they are, bytes as UTF-8, timestamps in ISO 8601, anything
/// else (dates, times) by its invariant text.
let private readTexts (column: ColumnReader) (count: int) : string[] =
    use logical = column.LogicalReader(1 <<< 16)
    logical.Apply
        { new ILogicalColumnReaderVisitor<string[]> with
            member _.OnLogicalColumnReader<'V>(r: LogicalColumnReader<'V>) =
                let values = Array.zeroCreate<'V> count
                readAll r (Span values)
                values
                |> Array.map (fun v ->
                    match box v with
                    | null -> null
                    | :? string as s -> s
                    | :? (byte[]) as b -> Encoding.UTF8.GetString b
                    | :? DateTime as t -> t.ToString("o", CultureInfo.InvariantCulture)
                    | :? IFormattable as f -> f.ToString(null, CultureInfo.InvariantCulture)
                    | o -> string o) }

/// The provisional classes of a numeric label chunk into ids[offset ..] (-1 for a null): each distinct value is named
/// once, by `name`, and looked up by value for every row.
let private numericLabelIds<'T when 'T: equality and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType>
    (column: ColumnReader) (optional: bool) (count: int) (name: 'T -> string) (labels: LabelCollector) (ids: int[]) (offset: int) =
    let known = Dictionary<'T, int>()
    let idOf (v: 'T) =
        let mutable id = 0
        if not (known.TryGetValue(v, &id)) then
            id <- labels.Add((name v).AsSpan())
            known.[v] <- id
        id
    if optional then
        use r = column.LogicalReader<Nullable<'T>>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<Nullable<'T>> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            ids.[offset + i] <- if values.[i].HasValue then idOf values.[i].Value else -1
    else
        use r = column.LogicalReader<'T>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<'T> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            ids.[offset + i] <- idOf values.[i]

/// A label chunk: each row's provisional class from `labels` into ids[offset ..], -1 for a null. A number's class is
/// named by its round-trip text ("2", "0.5"), a bool's by 0 and 1, anything else by its text (readTexts).
let private readLabels (column: ColumnReader) (c: Column) (count: int) (labels: LabelCollector) (ids: int[]) (offset: int) =
    let invariant (v: 'T :> IFormattable) = v.ToString(null, CultureInfo.InvariantCulture)
    let t = c.Type
    let o = c.Optional
    if t = typeof<int64> then numericLabelIds<int64> column o count invariant labels ids offset
    elif t = typeof<int> then numericLabelIds<int> column o count invariant labels ids offset
    elif t = typeof<int16> then numericLabelIds<int16> column o count invariant labels ids offset
    elif t = typeof<sbyte> then numericLabelIds<sbyte> column o count invariant labels ids offset
    elif t = typeof<byte> then numericLabelIds<byte> column o count invariant labels ids offset
    elif t = typeof<uint16> then numericLabelIds<uint16> column o count invariant labels ids offset
    elif t = typeof<uint32> then numericLabelIds<uint32> column o count invariant labels ids offset
    elif t = typeof<uint64> then numericLabelIds<uint64> column o count invariant labels ids offset
    elif t = typeof<decimal> then numericLabelIds<decimal> column o count (fun v -> (float v).ToString("R", CultureInfo.InvariantCulture)) labels ids offset
    elif t = typeof<bool> then numericLabelIds<bool> column o count (fun b -> if b then "1" else "0") labels ids offset
    elif t = typeof<float> then numericLabelIds<float> column o count (fun v -> v.ToString("R", CultureInfo.InvariantCulture)) labels ids offset
    elif t = typeof<float32> then numericLabelIds<float32> column o count (fun v -> (float v).ToString("R", CultureInfo.InvariantCulture)) labels ids offset
    else
        let values = readTexts column count
        for i in 0 .. count - 1 do
            let v = values.[i]
            ids.[offset + i] <- if String.IsNullOrWhiteSpace v then -1 else labels.Add(v.AsSpan())

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
