/// Numeric tables from Parquet files, read with Parquet.Net: feature columns of any numeric physical or logical type
/// (float, double, int8–64, unsigned, bool, decimal) converted to doubles straight into the column-major matrix (with
/// room for the bias column), a label column of any type (strings, dictionary-encoded or not, numbers, bools), every
/// row group, every codec Parquet.Net reads. A null is refused like an empty CSV cell, naming the row group, the row
/// and the column, or its row dropped with DropMissing. PLAIN DOUBLE and INT64 chunks are copied from the file
/// without Parquet.Net's decoding (ParquetPlainChunk); row groups are read in parallel.
module Descent.ParquetTable

open System.Runtime.CompilerServices
open System
open System.Collections.Generic
open System.Globalization
open System.IO
open Microsoft.Win32.SafeHandles
open Parquet
open Parquet.Schema

/// A file name that says Parquet.
let isParquet (path: string) = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)

/// One column as the reader takes it: its name, the CLR type Parquet.Net reads it as, and its levels (a flat
/// column: repetition 0, definition 1 when it may hold nulls).
type Column = { Name: string; ClrType: Type; MaxDefinition: int; MaxRepetition: int }

/// An open Parquet file: its columns, row groups and column chunks, and Parquet.Net's reader of it, opened with the
/// table or, when descent decoded the footer itself (ParquetFooter), only if a chunk needs Parquet.Net's decoding.
type Table =
    { Source: CsvTable.Source
      /// The file, read at explicit offsets by every worker.
      File: SafeFileHandle
      Reader: Lazy<ParquetReader>
      /// Parquet.Net's fields of the columns, in column order (from Reader).
      Fields: Lazy<DataField[]>
      Columns: Column[]
      Names: string[]
      /// Rows of each row group.
      GroupRows: int64[]
      /// Each row group's column chunks in column order; ValueNone where the metadata has none.
      Chunks: ParquetFooter.Chunk voption[][] }

    interface IDisposable with
        member t.Dispose() =
            if t.Reader.IsValueCreated then t.Reader.Value.DisposeAsync().AsTask().GetAwaiter().GetResult()
            t.File.Dispose()

let private failAt (src: CsvTable.Source) (group: int) (row: int64) (column: string) (message: string) : 'a =
    Fail.file src.Role src.Path $", row group {group + 1}, row {row + 1L}, column '{column}': {message}"

/// Parquet.Net keeps the buffers it decompresses pages into in pools that, by default, never give memory back; a
/// bound keeps a big file's peak near the matrix it fills.
let options () =
    ParquetOptions(MaximumSmallPoolFreeBytes = (16 <<< 20), MaximumLargePoolFreeBytes = (32 <<< 20))

let private wait (t: Threading.Tasks.Task<'a>) = t.GetAwaiter().GetResult()

let private waitUnit (t: Threading.Tasks.ValueTask) = t.AsTask().GetAwaiter().GetResult()

/// Parquet.Net's exceptions on a damaged file (truncated, not Parquet, bad pages) as one line naming the file.
let private guarded (src: CsvTable.Source) (where: string) (f: unit -> 'a) : 'a =
    try
        f ()
    with
    | DescentError _ -> reraise ()
    | :? OutOfMemoryException -> reraise ()
    | :? UnauthorizedAccessException as ex -> CsvTable.fail src $"cannot be read: {Files.causeOf ex}"
    | ex -> CsvTable.fail src $"is not a readable Parquet file{where}: {ex.Message}"

let private openReader (src: CsvTable.Source) =
    guarded src "" (fun () -> wait (ParquetReader.CreateAsync(src.Path, options ())))

/// The table of a file whose footer descent decoded: Parquet.Net opened only if a chunk needs it.
let private decodedTable (src: CsvTable.Source) (file: SafeFileHandle) (footer: ParquetFooter.Footer) =
    let reader = lazy (openReader src)
    { Source = src
      File = file
      Reader = reader
      Fields = lazy (reader.Value.Schema.GetDataFields())
      Columns =
        footer.Columns |> Array.map (fun c ->
            { Name = c.Name
              ClrType = (if c.Physical = ParquetFooter.Physical.double then typeof<float> else typeof<int64>)
              MaxDefinition = (if c.Optional then 1 else 0)
              MaxRepetition = 0 })
      Names = footer.Columns |> Array.map _.Name
      GroupRows = footer.GroupRows
      Chunks = footer.Chunks |> Array.map (Array.map ValueSome) }

/// The table of any other file, opened with Parquet.Net; refuses nested or repeated columns.
let private parquetNetTable (src: CsvTable.Source) (file: SafeFileHandle) =
    let reader = openReader src
    guarded src "" (fun () ->
        let fields = reader.Schema.GetDataFields()
        match fields |> Array.tryFind (fun f -> f.IsArray || f.Path.ToList().Count > 1) with
        | Some f ->
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult()
            CsvTable.fail src $"column '{f.Path}' is nested or repeated; descent reads flat tables of one value per cell"
        | None -> ()
        { Source = src
          File = file
          Reader = Lazy<ParquetReader>.CreateFromValue reader
          Fields = Lazy<DataField[]>.CreateFromValue fields
          Columns =
            fields |> Array.map (fun f ->
                { Name = f.Name; ClrType = f.ClrType; MaxDefinition = f.MaxDefinitionLevel; MaxRepetition = f.MaxRepetitionLevel })
          Names = fields |> Array.map (fun f -> f.Name)
          GroupRows = Array.init reader.RowGroupCount (fun g -> reader.RowGroups.[g].RowCount)
          Chunks =
            Array.init reader.RowGroupCount (fun g ->
                fields |> Array.map (fun f -> ParquetFooter.ofColumnChunk (reader.RowGroups.[g].GetMetadata f))) })

/// Opens `src` and reads its schema and row-group sizes; refuses a missing file, one that is not Parquet, one with
/// nested or repeated columns.
let openTable (src: CsvTable.Source) : Table =
    if Directory.Exists src.Path then CsvTable.fail src "is a folder, not a file"
    if not (File.Exists src.Path) then CsvTable.fail src "no such file"
    if FileInfo(src.Path).Length = 0L then CsvTable.fail src "is empty (no rows)"
    let file = guarded src "" (fun () -> File.OpenHandle(src.Path, FileMode.Open, FileAccess.Read, FileShare.Read))
    try
        match ParquetFooter.tryRead file (RandomAccess.GetLength file) with
        | ValueSome footer -> decodedTable src file footer
        | ValueNone -> parquetNetTable src file
    with _ ->
        file.Dispose()
        reraise ()

/// A column type as a message names it.
let private typeName (t: Type) =
    if t = typeof<string> || t = typeof<ReadOnlyMemory<char>> then "text (strings)"
    elif t = typeof<DateTime> || t = typeof<DateTimeOffset> || t = typeof<DateOnly> then "dates"
    elif t = typeof<TimeSpan> || t = typeof<TimeOnly> then "times of day"
    elif t = typeof<byte[]> || t = typeof<ReadOnlyMemory<byte>> then "raw bytes"
    else t.Name

/// Why a column cannot be a feature, or None when it holds numbers.
let featureRefusal (t: Type) : string option =
    if t = typeof<float> || t = typeof<float32> || t = typeof<sbyte> || t = typeof<byte> || t = typeof<int16>
       || t = typeof<uint16> || t = typeof<int> || t = typeof<uint32> || t = typeof<int64> || t = typeof<uint64>
       || t = typeof<bool> || t = typeof<decimal> then
        None
    else
        Some
            $"holds {typeName t}, which are not numbers; a feature column must be float, double, int8–64, unsigned, bool or decimal (choose it as the label with {DataLabel.Token}, or drop it)"

/// One column chunk converted to doubles: the values at dst[offset ..], and the rows (relative) holding null.
[<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
let private readColumn<'T when 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType>
    (rg: ParquetRowGroupReader) (f: DataField) (count: int) (convert: 'T -> float) (dst: float[]) (offset: int) (nulls: ResizeArray<int>) =
    if f.IsNullable then
        let values = Array.zeroCreate<Nullable<'T>> count
        waitUnit (rg.ReadAsync<'T>(f, Memory<Nullable<'T>> values))
        for i in 0 .. count - 1 do
            let v = values.[i]
            if v.HasValue then dst.[offset + i] <- convert v.Value
            else
                dst.[offset + i] <- nan
                nulls.Add i
    elif typeof<'T> = typeof<float> then
        waitUnit (rg.ReadAsync<float>(f, Memory<float>(dst, offset, count)))
    else
        let values = Array.zeroCreate<'T> count
        waitUnit (rg.ReadAsync<'T>(f, Memory<'T> values))
        for i in 0 .. count - 1 do
            dst.[offset + i] <- convert values.[i]

/// A numeric column chunk as doubles (see featureRefusal for the types).
let private readNumbers (rg: ParquetRowGroupReader) (f: DataField) (count: int) (dst: float[]) (offset: int) (nulls: ResizeArray<int>) =
    let t = f.ClrType
    if t = typeof<float> then readColumn<float> rg f count id dst offset nulls
    elif t = typeof<float32> then readColumn<float32> rg f count float dst offset nulls
    elif t = typeof<sbyte> then readColumn<sbyte> rg f count float dst offset nulls
    elif t = typeof<byte> then readColumn<byte> rg f count float dst offset nulls
    elif t = typeof<int16> then readColumn<int16> rg f count float dst offset nulls
    elif t = typeof<uint16> then readColumn<uint16> rg f count float dst offset nulls
    elif t = typeof<int> then readColumn<int> rg f count float dst offset nulls
    elif t = typeof<uint32> then readColumn<uint32> rg f count float dst offset nulls
    elif t = typeof<int64> then readColumn<int64> rg f count float dst offset nulls
    elif t = typeof<uint64> then readColumn<uint64> rg f count float dst offset nulls
    elif t = typeof<bool> then readColumn<bool> rg f count (fun b -> if b then 1.0 else 0.0) dst offset nulls
    elif t = typeof<decimal> then readColumn<decimal> rg f count float dst offset nulls
    else invalidOp $"{t} is not numeric"

/// What one worker reads with: its page buffers, and arrays for a column that is converted on its way into the
/// matrix, grown to the largest row group it has read.
type private Worker =
    { Pages: ParquetPlainChunk.Scratch
      mutable Longs: int64[]
      mutable Doubles: float[] }

    member w.LongsOf(count: int) =
        if w.Longs.Length < count then w.Longs <- GC.AllocateUninitializedArray<int64> count
        w.Longs

    member w.DoublesOf(count: int) =
        if w.Doubles.Length < count then w.Doubles <- GC.AllocateUninitializedArray<float> count
        w.Doubles

/// Column c's chunk as doubles into dst[offset ..] (see readNumbers): PLAIN DOUBLE and INT64 chunks straight from
/// the file (ParquetPlainChunk), anything else through Parquet.Net (`rg`, opened only then). True when Parquet.Net
/// decoded it.
let private readNumbersFrom
    (t: Table) (w: Worker) (chunk: ParquetFooter.Chunk voption) (rg: Lazy<ParquetRowGroupReader>) (c: int) (count: int)
    (dst: float[]) (offset: int) (nulls: ResizeArray<int>) =
    let col = t.Columns.[c]
    let plain physical (into: 'T[]) at =
        match chunk with
        | ValueSome chunk ->
            ParquetPlainChunk.tryRead t.File physical chunk col.MaxDefinition col.MaxRepetition w.Pages into at count
        | ValueNone -> false
    let direct =
        if col.ClrType = typeof<float> then plain ParquetFooter.Physical.double dst offset
        elif col.ClrType = typeof<int64> then
            let values = w.LongsOf count
            if plain ParquetFooter.Physical.int64 values 0 then
                for i in 0 .. count - 1 do
                    dst.[offset + i] <- float values.[i]
                true
            else false
        else false
    if not direct then readNumbers rg.Value t.Fields.Value.[c] count dst offset nulls
    not direct

/// The first i < count with values[start + i] NaN or ±∞ and missing[rowStart + i] false (a null, already NaN), or
/// -1: Core's vectorized scan, resumed past each null.
let private firstNonFinite (values: float[]) (start: int) (count: int) (missing: bool[]) (rowStart: int) =
    let mutable from = 0
    let mutable found = -1
    while from < count do
        let next = Core.Finite.FirstNonFinite(ReadOnlySpan<float>(values, start + from, count - from))
        if next < 0 then from <- count
        elif missing.[rowStart + from + next] then from <- from + next + 1
        else
            found <- from + next
            from <- count
    found

/// The provisional classes of numeric labels values[0 .. count - 1] into ids[offset ..], -1 for NaN (a null); a
/// class is named by its value's round-trip text. A label column holds few distinct values, so they are looked up in
/// a short array inside this loop (which the JIT optimizes on the stack once it runs long) instead of a Dictionary
/// call per row, whose code stays unoptimized for most of a one-second process (perf, on the 1,000,000-row table:
/// the label column took 165 of the load's 973 samples that way, 46 this way); past 16 distinct values a dictionary
/// takes over.
let private numericLabelIds (values: float[]) (count: int) (labels: LabelCollector) (ids: int[]) (offset: int) =
    let recent = Array.zeroCreate<float> 16
    let recentIds = Array.zeroCreate<int> 16
    let mutable known = 0
    let others = Dictionary<float, int>()
    for i in 0 .. count - 1 do
        let v = values.[i]
        if Double.IsNaN v then ids.[offset + i] <- -1
        else
            let mutable j = 0
            while j < known && recent.[j] <> v do
                j <- j + 1
            if j < known then ids.[offset + i] <- recentIds.[j]
            else
                let mutable id = 0
                if not (others.TryGetValue(v, &id)) then
                    id <- labels.Add(v.ToString("R", CultureInfo.InvariantCulture).AsSpan())
                    if known < recent.Length then
                        recent.[known] <- v
                        recentIds.[known] <- id
                        known <- known + 1
                    else others.[v] <- id
                ids.[offset + i] <- id

/// Column c's chunk as labels: each row's provisional class from `labels`, -1 for a null.
[<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
let private readLabels
    (t: Table) (w: Worker) (chunk: ParquetFooter.Chunk voption) (rg: Lazy<ParquetRowGroupReader>) (c: int) (count: int)
    (labels: LabelCollector) (ids: int[]) (offset: int) =
    let clr = t.Columns.[c].ClrType
    if clr = typeof<string> || clr = typeof<ReadOnlyMemory<char>> then
        let values = Array.zeroCreate<string> count
        waitUnit (rg.Value.ReadAsync(t.Fields.Value.[c], Memory<string> values))
        for i in 0 .. count - 1 do
            let v = values.[i]
            ids.[offset + i] <- if String.IsNullOrWhiteSpace v then -1 else labels.Add(v.AsSpan())
    elif featureRefusal clr = None then
        let values = w.DoublesOf count
        let nulls = ResizeArray()
        readNumbersFrom t w chunk rg c count values 0 nulls |> ignore
        numericLabelIds values count labels ids offset
        for i in nulls do
            ids.[offset + i] <- -1
    else
        // Dates, times, byte arrays: their text is the class name.
        let values = Array.zeroCreate<string> count
        waitUnit (rg.Value.ReadAsync(t.Fields.Value.[c], Memory<string> values))
        for i in 0 .. count - 1 do
            ids.[offset + i] <- if isNull values.[i] then -1 else labels.Add(values.[i].AsSpan())

/// Marks missing[offset + i] for each null label (id -1) of a group's `count` rows; the first such i, or -1.
let private markNullLabels (ids: int[]) (offset: int) (count: int) (missing: bool[]) =
    let mutable first = -1
    for i in count - 1 .. -1 .. 0 do
        if ids.[offset + i] < 0 then
            missing.[offset + i] <- true
            first <- i
    first

/// ids[start .. stop - 1] := classOf[ids[i]] where ids[i] ≥ 0 (nulls stay -1).
let private renumber (ids: int[]) (start: int) (stop: int) (classOf: int[]) =
    for i in start .. stop - 1 do
        let id = ids.[i]
        if id >= 0 then ids.[i] <- classOf.[id]

/// Drops the rows marked missing from the n-row column-major `data` (d columns) by moving the others down in place
/// (RowGather.InPlace), and keeps their labels: (rows kept, their labels, or [||] when `ids` is empty).
let private dropRows (data: float[]) (n: int) (d: int) (missing: bool[]) (ids: int[]) =
    let kept = Array.init n id |> Array.filter (fun i -> not missing.[i])
    Descent.Core.RowGather.InPlace(data, n, d, kept)
    kept.Length, (if ids.Length > 0 then Dataset.valuesAt kept ids else [||])

/// Parquet.Net allocates several times a column chunk's size in large buffers while it decodes one (about 730 MB
/// for the 152 MB of a 1,000,000 × 19 double table); collecting them after each row group it decoded keeps the peak
/// near the matrix instead of letting the heap grow by all of them first.
let private releaseBuffers () = GC.Collect(2, GCCollectionMode.Forced, true)

/// The rows read (as CsvTable.TableRows: X with room for the bias column, classes, rows dropped).
let read (t: Table) (features: int[]) (labelColumn: int) (dropMissing: bool) : CsvTable.TableRows =
    let src = t.Source
    for c in features do
        featureRefusal t.Columns.[c].ClrType |> Option.iter (fun why -> CsvTable.fail src $"column '{t.Names.[c]}' {why}")
    let total = Array.sum t.GroupRows
    let d = features.Length
    let bytes = total * int64 (d + 1) * 8L
    let available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
    if total * int64 (d + 1) > int64 Array.MaxLength || bytes > available then
        CsvTable.fail
            src
            $"is too big for memory: {total} rows × {d + 1} columns need about {bytes / 1_000_000L} MB, and this process may use {available / 1_000_000L} MB"
    let n = int total
    let data = GC.AllocateUninitializedArray<float>(n * (d + 1))
    let ids = Array.zeroCreate<int> (if labelColumn >= 0 then n else 0)
    let missing = Array.zeroCreate<bool> n
    let groups = t.GroupRows.Length
    // Each group's first row (and the total last).
    let offsets = Array.zeroCreate<int> (t.GroupRows.Length + 1)
    for g in 0 .. t.GroupRows.Length - 1 do
        offsets.[g + 1] <- offsets.[g] + int t.GroupRows.[g]
    // Each row group has its own label collector (merged in file order below) and its own reader, so that groups are
    // read in parallel, each straight into its rows of the matrix.
    let collectors = Array.init groups (fun _ -> LabelCollector())
    let errors: exn option[] = Array.create groups None
    // Each worker takes the next group not yet taken (fixed shares would leave one idle at the end when the other
    // met slower chunks): PLAIN double chunks straight from the table's handle (positional reads), the rest through
    // a Parquet.Net reader of its own, opened the first time it needs one (the first worker's is the table's).
    /// Reads group g; true when Parquet.Net decoded one of its feature columns (the label column's buffers, a
    /// fraction of the group's, are left to the ordinary collections).
    let readGroup (reader: Lazy<ParquetReader>) (w: Worker) g =
        let count = int t.GroupRows.[g]
        let offset = offsets.[g]
        guarded src $" (row group {g + 1})" (fun () ->
            // Parquet.Net decoding through the worker's own reader.
            let chunks = t.Chunks.[g]
            let rg = lazy (reader.Value.OpenRowGroupReader g)
            let mutable decoded = false
            // The first null of the group in row order (then column order), as a CSV read would meet it.
            let mutable firstNull = (Int32.MaxValue, "")
            for k in 0 .. d - 1 do
                let c = features.[k]
                let nulls = ResizeArray()
                if readNumbersFrom t w chunks.[c] rg c count data (k * n + offset) nulls then decoded <- true
                for i in nulls do
                    missing.[offset + i] <- true
                if nulls.Count > 0 && nulls.[0] < fst firstNull then firstNull <- (nulls.[0], t.Names.[c])
                let i = firstNonFinite data (k * n + offset) count missing offset
                if i >= 0 then
                    let v = data.[k * n + offset + i]
                    failAt src g (int64 i) t.Names.[c] $"{v.ToString(CultureInfo.InvariantCulture)} is not a finite number"
            if labelColumn >= 0 then
                readLabels t w chunks.[labelColumn] rg labelColumn count collectors.[g] ids offset
                let i = markNullLabels ids offset count missing
                if i >= 0 && i < fst firstNull then firstNull <- (i, t.Names.[labelColumn])
            let row, column = firstNull
            if row < Int32.MaxValue && not dropMissing then
                failAt src g (int64 row) column $"null ({DataDropMissing.Token} skips rows with empty cells)"
            decoded)
    let workers = max 1 (min groups Environment.ProcessorCount)
    let taken = ref -1
    let work w =
        let reader =
            if w = 0 then t.Reader else lazy (openReader src)
        let buffers = { Pages = ParquetPlainChunk.Scratch(); Longs = [||]; Doubles = [||] }
        try
            let mutable g = Threading.Interlocked.Increment(&taken.contents)
            while g < groups do
                // With one worker, a group after a failed one is not read: the first failure is the one reported.
                if workers > 1 || errors |> Array.forall Option.isNone then
                    let decoded = try readGroup reader buffers g with ex -> errors.[g] <- Some ex; true
                    if decoded then releaseBuffers ()
                g <- Threading.Interlocked.Increment(&taken.contents)
        finally
            if w <> 0 && reader.IsValueCreated then reader.Value.DisposeAsync().AsTask().GetAwaiter().GetResult()
    if workers = 1 then work 0
    else
        // The first worker on this thread, the others on threads of their own: a task would pay the thread pool's
        // start-up when nothing before the load used it (9-15 ms here), Parallel.For its first call's JIT as well.
        let failures: exn option[] = Array.zeroCreate workers
        let others =
            Array.init (workers - 1) (fun i ->
                let thread =
                    Threading.Thread((fun () -> try work (i + 1) with ex -> failures.[i + 1] <- Some ex), IsBackground = true)
                thread.Start()
                thread)
        work 0
        for thread in others do
            thread.Join()
        failures |> Array.tryPick id |> Option.iter (fun ex -> Runtime.ExceptionServices.ExceptionDispatchInfo.Throw ex)
    // The first problem in file order is the one a one-thread read would have met.
    errors |> Array.tryPick id |> Option.iter raise
    // Each group's provisional ids, numbered in its own order of first appearance, become the classes of the file.
    let labels, maps = CsvTable.mergeLabels collectors
    let classes, remap = labels.Finish()
    if labelColumn >= 0 then
        for g in 0 .. groups - 1 do
            renumber ids offsets.[g] offsets.[g + 1] (maps.[g] |> Array.map (fun id -> remap.[id]))
    let m, y = if Array.contains true missing then dropRows data n d missing ids else n, ids
    { X = { Data = data; Rows = m; Cols = d }; Y = y; Classes = classes; Dropped = n - m; Slices = 1 }
