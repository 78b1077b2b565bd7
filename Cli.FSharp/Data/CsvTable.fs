/// Numeric tables from CSV files (plain, or gzip when the name ends in .gz) read with Sylvan.Data.Csv: the first
/// row, header detection, and one pass that parses the chosen columns into a column-major matrix. Bad cells are
/// refused with the file, the 1-based line and the column name.
module Descent.CsvTable

open System
open System.Globalization
open System.IO
open System.IO.Compression
open System.Text
open Sylvan.Data.Csv

/// Where and how to read.
type Source =
    { Path: string
      /// What the file is for, so that a message can say which one is bad.
      Role: FileRole
      Delimiter: char }

/// An open file positioned on its first non-blank row.
type Table =
    { Source: Source
      Reader: CsvDataReader
      /// The cells of the first non-blank row.
      First: string[]
      FirstLine: int
      /// The physical line where the current record starts (records may span lines inside quotes).
      mutable Line: int }

    interface IDisposable with
        member t.Dispose() = t.Reader.Dispose()

/// The rows read: features, classes of the label column (if any) and how many rows with an empty cell were dropped.
type TableRows =
    { X: Matrix
      /// Class of each row, 0..K-1 (empty without a label column).
      Y: int[]
      /// Sorted class labels (see LabelCollector).
      Classes: string[]
      Dropped: int }

let private invariant = NumberFormatInfo.InvariantInfo

let fail (src: Source) (message: string) : 'a = Fail.file src.Role src.Path $": {message}"

let failAt (src: Source) (line: int) (message: string) : 'a = Fail.file src.Role src.Path $", line {line}: {message}"

/// numpy's spelling of infinity ("inf", "-inf"), which .NET does not parse (it reads "Infinity" and "NaN").
let private isInfText (cell: ReadOnlySpan<char>) =
    let t = MemoryExtensions.TrimStart(MemoryExtensions.Trim cell, [| '+'; '-' |])
    MemoryExtensions.Equals(t, "inf", StringComparison.OrdinalIgnoreCase)

/// A cell that parses as a number (finite or not), as the loader parses it.
let isNumber (cell: string) =
    let mutable v = 0.0
    Double.TryParse(cell, NumberStyles.Float, invariant, &v) || isInfText (cell.AsSpan())

/// A cell that can only be a column name: neither blank nor a number.
let isName (cell: string) = not (String.IsNullOrWhiteSpace cell) && not (isNumber cell)

/// A header cell as a column name: trimmed, without a byte-order mark a decoder left in place.
let cellName (cell: string) = cell.Trim().TrimStart('\uFEFF').Trim()

/// Column names: the header's, or x0, x1, … by 0-based column when there is no header (or a header cell is blank).
/// Refuses a name used twice, since columns are matched by name.
let columnNames (t: Table) (header: bool) : string[] =
    let names =
        t.First |> Array.mapi (fun c cell -> if header && cellName cell <> "" then cellName cell else $"x{c}")
    names
    |> Array.countBy id
    |> Array.tryFind (fun (_, count) -> count > 1)
    |> Option.iter (fun (name, _) ->
        let columns = names |> Array.indexed |> Array.filter (fun (_, n) -> n = name) |> Array.map (fst >> string)
        failAt t.Source t.FirstLine $"""column name '{name}' is used by more than one column ({String.Join(", ", columns)}, 0-based)""")
    names

/// The longest row read, in characters (about 25,000 numeric columns).
let maxLineChars = 1 <<< 18

let private options (src: Source) =
    CsvDataReaderOptions(
        HasHeaders = false,
        Delimiter = Nullable src.Delimiter,
        // No comment lines: a '#' is data, and every record keeps its physical line.
        Comment = '\000',
        // Sylvan slows down quadratically in a record's length (a 3 MB line takes tens of seconds); rows longer
        // than this are refused instead.
        MaxBufferSize = Nullable maxLineChars,
        OwnsReader = true)

let private isGzip (src: Source) = src.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)

/// Turns the reader's and the decompressor's exceptions into one line naming the file (and the line, when known).
let private guarded (src: Source) (line: unit -> int) (f: unit -> 'a) : 'a =
    try
        f ()
    with
    | :? CsvRecordTooLargeException -> failAt src (line ()) $"the row is longer than {maxLineChars} characters, the most descent reads"
    | :? CsvFormatException as ex -> failAt src (line ()) $"malformed CSV: {ex.Message}"
    | :? InvalidDataException as ex when isGzip src -> fail src $"is not valid gzip data: {ex.Message}"
    | :? UnauthorizedAccessException as ex -> fail src $"cannot be read: {ex.Message}"
    | :? IOException as ex -> fail src $"cannot be read: {ex.Message}"

/// A bad cell: "FILE, line N, column 'name': message".
let private failCell (src: Source) (line: int) (column: string) (message: string) : 'a =
    Fail.file src.Role src.Path $", line {line}, column '{column}': {message}"

let private newlines (r: CsvDataReader) = MemoryExtensions.Count(r.GetRawRecordSpan(), '\n')

let private isBlankRecord (r: CsvDataReader) =
    r.RowFieldCount = 1 && MemoryExtensions.IsWhiteSpace(r.GetFieldSpan 0)

/// Opens `src` and reads up to its first non-blank row; refuses a missing, unreadable or empty file.
let openTable (src: Source) : Table =
    if Directory.Exists src.Path then fail src "is a folder, not a file"
    if not (File.Exists src.Path) then fail src "no such file"
    let line = ref 1
    guarded src (fun () -> line.Value) (fun () ->
        let file = new FileStream(src.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 <<< 16, FileOptions.SequentialScan)
        let stream: Stream = if isGzip src then new GZipStream(file, CompressionMode.Decompress) else file
        let text = new StreamReader(stream, UTF8Encoding(false), true, 1 <<< 16)
        let reader = CsvDataReader.Create(text, options src)
        let mutable found = false
        while not found && reader.Read() do
            if isBlankRecord reader then line.Value <- line.Value + newlines reader else found <- true
        if not found then
            reader.Dispose()
            fail src "is empty (no rows)"
        { Source = src
          Reader = reader
          First = Array.init reader.RowFieldCount reader.GetString
          FirstLine = line.Value
          Line = line.Value })

/// Column-major blocks of rows, growing without copying; joined into one matrix at the end. Peak memory is the
/// blocks plus the final matrix, about twice the matrix.
type private RowBlocks(features: int) =
    let blocks = ResizeArray<float[]>()
    let capacities = ResizeArray<int>()
    let mutable block: float[] = Array.empty
    let mutable capacity = 0
    let mutable filled = 0
    let mutable total = 0

    // Blocks start near 2^20 values (8 MB) and double up to 65,536 rows or 2^24 values, so that a very wide table
    // (a 10 MB single line has a million columns) does not reserve gigabytes for its first rows.
    let first = max 1 (min 1024 ((1 <<< 20) / max 1 features))
    let most = max first (min 65536 ((1 <<< 24) / max 1 features))

    /// The row of the current block the next row goes to (a new block when it is full).
    member _.Slot() =
        if filled = capacity then
            capacity <- if capacity = 0 then first else min (capacity * 2) most
            block <- Array.zeroCreate (capacity * features)
            blocks.Add block
            capacities.Add capacity
            filled <- 0
        filled

    member _.Block = block
    member _.Capacity = capacity

    member _.Commit() =
        filled <- filled + 1
        total <- total + 1

    member _.ToMatrix() =
        let m = Matrix.zeroCreate total features
        let mutable start = 0
        for b in 0 .. blocks.Count - 1 do
            let cap = capacities.[b]
            let rows = min cap (total - start)
            for j in 0 .. features - 1 do
                Array.blit blocks.[b] (j * cap) m.Data (j * total + start) rows
            blocks.[b] <- null
            start <- start + rows
        m

/// Parses the records from the current one (when `firstIsData`) or the next one to the end.
let private readRecords (t: Table) (firstIsData: bool) (names: string[]) (features: int[]) (labelColumn: int) (dropMissing: bool) =
    let src = t.Source
    let r = t.Reader
    let width = t.First.Length
    let d = features.Length
    let blocks = RowBlocks d
    let labels = LabelCollector()
    let ids = ResizeArray<int>()
    let mutable dropped = 0
    let mutable pending = firstIsData
    if not pending then
        t.Line <- t.Line + newlines r
        pending <- r.Read()
    while pending do
        let n = r.RowFieldCount
        if n = 1 && MemoryExtensions.IsWhiteSpace(r.GetFieldSpan 0) then
            ()
        elif n <> width then
            failAt src t.Line $"{n} fields, expected {width} as in line {t.FirstLine}"
        else
            let slot = blocks.Slot()
            let block = blocks.Block
            let cap = blocks.Capacity
            let mutable keep = true
            let mutable k = 0
            while keep && k < d do
                let c = features.[k]
                let cell = r.GetFieldSpan c
                let mutable v = 0.0
                if Double.TryParse(cell, NumberStyles.Float, invariant, &v) then
                    if not (Double.IsFinite v) then
                        failCell src t.Line names.[c] $"'{cell.ToString()}' is not a finite number"
                    block.[k * cap + slot] <- v
                elif MemoryExtensions.IsWhiteSpace cell then
                    if dropMissing then keep <- false
                    else failCell src t.Line names.[c] $"empty cell ({DataDropMissing.Token} skips rows with empty cells)"
                elif isInfText cell then
                    failCell src t.Line names.[c] $"'{cell.ToString()}' is not a finite number"
                else
                    failCell src t.Line names.[c] $"'{cell.ToString()}' is not a number"
                k <- k + 1
            if keep && labelColumn >= 0 then
                let cell = r.GetFieldSpan labelColumn
                if MemoryExtensions.IsWhiteSpace cell then
                    if dropMissing then keep <- false
                    else failCell src t.Line names.[labelColumn] $"empty label ({DataDropMissing.Token} skips rows with empty cells)"
                else
                    let mutable v = 0.0
                    if (Double.TryParse(cell, NumberStyles.Float, invariant, &v) && not (Double.IsFinite v)) || isInfText cell then
                        failCell src t.Line names.[labelColumn] $"label '{cell.ToString()}' is not a finite number"
                    ids.Add(labels.Add cell)
            if keep then blocks.Commit() else dropped <- dropped + 1
        t.Line <- t.Line + newlines r
        pending <- r.Read()
    let classes, remap = labels.Finish()
    let y = Array.init ids.Count (fun i -> remap.[ids.[i]])
    { X = blocks.ToMatrix(); Y = y; Classes = classes; Dropped = dropped }

/// Reads the `features` columns (0-based) and, when `labelColumn` ≥ 0, the label column of every remaining row
/// (from the first row when it is data). Blank lines are skipped; a row with an empty cell is skipped with
/// `dropMissing` and refused without it; a ragged row, a non-numeric or non-finite feature is refused.
let read (t: Table) (firstIsData: bool) (names: string[]) (features: int[]) (labelColumn: int) (dropMissing: bool) : TableRows =
    guarded t.Source (fun () -> t.Line) (fun () -> readRecords t firstIsData names features labelColumn dropMissing)
