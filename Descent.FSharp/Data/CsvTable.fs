/// Numeric tables from CSV files (plain, or gzip when the name ends in .gz) read with Sep: the first row, header
/// detection, and the parse of the chosen columns straight into a column-major matrix with room for the bias column.
/// A plain file is cut at line ends into slices parsed in parallel, each into its own rows of the final matrix, so the
/// rows keep their file order and the result (values, classes, the first error) is that of a one-thread parse. Bad
/// cells are refused with the file, the 1-based line and the column name.
module Descent.CsvTable

open System.Runtime.CompilerServices
open System
open System.Globalization
open System.IO
open System.IO.Compression
open System.Text
open System.Threading.Tasks
open nietras.SeparatedValues

/// Where and how to read.
type Source =
    { Path: string
      /// What the file is for, so that a message can say which one is bad.
      Role: FileRole
      Delimiter: char }

/// A file whose first non-blank row has been read.
type Table =
    { Source: Source
      /// The cells of the first non-blank row.
      First: string[]
      /// The physical line where the first row starts.
      FirstLine: int
      /// The physical line after the first row (a quoted cell may make it span lines).
      AfterFirst: int }

    interface IDisposable with
        member _.Dispose() = ()

/// The rows read: features, classes of the label column (if any) and how many rows with an empty cell were dropped.
type TableRows =
    { /// Features, column-major; its array has room for one more column (the bias a split appends in place).
      X: Matrix
      /// Class of each row, 0..K-1 (empty without a label column).
      Y: int[]
      /// Sorted class labels (see LabelCollector).
      Classes: string[]
      Dropped: int
      /// How many slices were parsed apart (1 for a gzip file or one with quotes).
      Slices: int }

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

let private isGzip (src: Source) = src.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)

/// A problem found while parsing, at a physical line: raised in file order once every slice has finished.
exception private LineError of line: int * problem: Problem

/// Turns the reader's and the decompressor's exceptions into one line naming the file.
let private guarded (src: Source) (f: unit -> 'a) : 'a =
    try
        f ()
    with
    | LineError (_, p) -> raise (DescentError p)
    | :? InvalidDataException as ex when isGzip src -> fail src $"is not valid gzip data: {ex.Message}"
    | :? UnauthorizedAccessException as ex -> fail src $"cannot be read: {ex.Message}"
    | :? IOException as ex -> fail src $"cannot be read: {ex.Message}"
    | :? AggregateException as ex when (ex.Flatten().InnerExceptions |> Seq.exists (fun e -> e :? IOException)) ->
        fail src $"cannot be read: {ex.Flatten().InnerExceptions |> Seq.find (fun e -> e :? IOException) |> fun e -> e.Message}"

/// Sep's options for descent's CSV dialect: no header (detected by descent), any number of fields per row (checked by
/// descent with the line), quotes removed.
let private options (src: Source) =
    let sep =
        try
            Sep(src.Delimiter)
        with :? ArgumentException ->
            Fail.setting DataDelimiter $"'{src.Delimiter}' is not a delimiter descent reads (try ',', ';', '|', a space or tab)"
    SepReaderOptions(Nullable sep, HasHeader = false, DisableColCountCheck = true, Unescape = true)

/// A text reader of the whole file (decompressed for .gz), decoding UTF-8 with or without a byte-order mark.
let private wholeText (src: Source) : TextReader =
    let file = new FileStream(src.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 <<< 16, FileOptions.SequentialScan)
    let stream: Stream = if isGzip src then new GZipStream(file, CompressionMode.Decompress) else file
    new StreamReader(stream, UTF8Encoding(false), true, 1 <<< 16)

let private isBlank (row: SepReader.Row) = row.ColCount = 1 && MemoryExtensions.IsWhiteSpace(row.[0].Span)

/// Quotes come in pairs; an odd count means a quote that never closes (Sep then reads to the end of the file).
let private unclosedQuote (row: SepReader.Row) = (MemoryExtensions.Count(row.Span, '"') &&& 1) = 1

/// Opens `src` and reads its first non-blank row; refuses a missing, unreadable or empty file.
let openTable (src: Source) : Table =
    if Directory.Exists src.Path then fail src "is a folder, not a file"
    if not (File.Exists src.Path) then fail src "no such file"
    let opts = options src
    guarded src (fun () ->
        use reader = opts.From(wholeText src)
        let mutable first = None
        let mutable line = 1
        while first.IsNone && reader.MoveNext() do
            let row = reader.Current
            let here = line
            line <- line + 1 + MemoryExtensions.Count(row.Span, '\n')
            if row.Span.Length > maxLineChars then
                failAt src here $"the row is longer than {maxLineChars} characters, the most descent reads"
            if unclosedQuote row then failAt src here "malformed CSV: a quote is never closed"
            if not (isBlank row) then
                let cells = Array.zeroCreate row.ColCount
                for c in 0 .. cells.Length - 1 do
                    cells.[c] <- row.[c].ToString()
                first <-
                    Some
                        { Source = src
                          First = cells
                          FirstLine = here
                          AfterFirst = line }
        match first with
        | Some t -> t
        | None -> fail src "is empty (no rows)")

/// Where the rows of one parse go: the next row's slot in a column-major block of `Stride` rows per column.
[<AbstractClass>]
type private RowStore() =
    /// The row of `Block` the next row goes to.
    abstract Slot: unit -> int
    abstract Block: float[]
    abstract Stride: int
    /// Keeps the row in the slot, with its provisional class.
    abstract Commit: label: int -> unit

/// A fixed range of rows [first, first + capacity) of a matrix allocated for the whole file.
type private SliceStore(data: float[], stride: int, first: int, capacity: int, labels: int[]) =
    inherit RowStore()
    let mutable filled = 0
    member _.Rows = filled
    override _.Slot() =
        if filled = capacity then invalidOp "more rows than line ends in a slice"
        first + filled
    override _.Block = data
    override _.Stride = stride
    override _.Commit label =
        labels.[first + filled] <- label
        filled <- filled + 1

/// Column-major blocks of rows, growing without copying, for a stream whose length is not known (gzip); joined into
/// one matrix at the end, so its peak is about twice the matrix.
type private GrowingStore(features: int) =
    inherit RowStore()
    let blocks = ResizeArray<float[]>()
    let capacities = ResizeArray<int>()
    let labels = ResizeArray<int>()
    let mutable block: float[] = Array.empty
    let mutable capacity = 0
    let mutable filled = 0
    // Blocks start near 2^20 values (8 MB) and double up to 65,536 rows or 2^24 values, so that a very wide table
    // does not reserve gigabytes for its first rows.
    let start = max 1 (min 1024 ((1 <<< 20) / max 1 features))
    let most = max start (min 65536 ((1 <<< 24) / max 1 features))

    override _.Slot() =
        if filled = capacity then
            capacity <- if capacity = 0 then start else min (capacity * 2) most
            block <- Array.zeroCreate (capacity * features)
            blocks.Add block
            capacities.Add capacity
            filled <- 0
        filled
    override _.Block = block
    override _.Stride = capacity
    override _.Commit label =
        labels.Add label
        filled <- filled + 1

    member _.Labels = labels

    /// The rows as one column-major matrix with room for a bias column.
    member _.ToMatrix() =
        let total = labels.Count
        let data = GC.AllocateUninitializedArray<float>(total * (features + 1))
        let mutable first = 0
        for b in 0 .. blocks.Count - 1 do
            let cap = capacities.[b]
            let rows = min cap (total - first)
            for j in 0 .. features - 1 do
                Array.blit blocks.[b] (j * cap) data (j * total + first) rows
            blocks.[b] <- null
            first <- first + rows
        { Data = data; Rows = total; Cols = features }

/// What one parse needs to know of the table.
type private Layout =
    { Src: Source
      Width: int
      FirstLine: int
      Names: string[]
      Features: int[]
      LabelColumn: int
      DropMissing: bool
      /// Rows need the unclosed-quote check only when the file holds a quote.
      Quotes: bool }

/// A bad cell: "FILE, line N, column 'name': message", raised as a LineError so that slices report in file order.
let private cellError (l: Layout) (line: int) (column: string) (message: string) : 'a =
    raise (LineError(line, InvalidFile(l.Src.Role, l.Src.Path, $", line {line}, column '{column}': {message}")))

let private lineError (l: Layout) (line: int) (message: string) : 'a =
    raise (LineError(line, InvalidFile(l.Src.Role, l.Src.Path, $", line {line}: {message}")))

/// A feature cell as a number: Sep's fast parse (csFastFloat, correctly rounded like Double.Parse) first, .NET's
/// parse for what it leaves (spaces around the number, "Infinity").
let private parseCell (col: SepReader.Col) (v: byref<float>) =
    col.TryParse<float>(&v) || Double.TryParse(col.Span, NumberStyles.Float, invariant, &v)

/// Parses every row of `reader` (whose first line is physical line `lineOffset + 1`) into `store`, with each label's
/// provisional class from `labels`; returns the number of rows dropped for an empty cell. Lines are counted here, from
/// the line ends inside each row (quoted cells), since Sep numbers the first row of a reader as its second line.
///
/// `'JitCompiled` is always Sep (a struct of another assembly): a method instantiated over it cannot be compiled ahead
/// of time into this assembly's ReadyToRun image (the installed tool's), so the JIT compiles it at its first call and
/// inlines Sep's per-cell calls into it, as in the plain build. Compiled ahead of time, the loop stays in code that
/// calls Sep for every cell (never recompiled: it is called once per slice) and the 1,000,000 × 20 table took
/// 0.78–1.26 s to load instead of 0.44–0.51 s (`train --data` loadSeconds, `dotnet publish -r linux-x64
/// -p:PublishReadyToRun=true` builds with and without this, alternated). F# does not emit
/// MethodImplOptions.AggressiveOptimization, which would say the same.
let private parseRows<'JitCompiled when 'JitCompiled: struct> (l: Layout) (reader: SepReader) (lineOffset: int) (store: RowStore) (labels: LabelCollector) : int =
    let d = l.Features.Length
    let mutable dropped = 0
    let mutable next = lineOffset + 1
    while reader.MoveNext() do
        let row = reader.Current
        let line = next
        next <- next + 1 + (if l.Quotes then MemoryExtensions.Count(row.Span, '\n') else 0)
        if row.Span.Length > maxLineChars then
            lineError l line $"the row is longer than {maxLineChars} characters, the most descent reads"
        if l.Quotes && unclosedQuote row then lineError l line "malformed CSV: a quote is never closed"
        let n = row.ColCount
        if n = 1 && MemoryExtensions.IsWhiteSpace(row.[0].Span) then
            ()
        elif n <> l.Width then
            lineError l line $"{n} fields, expected {l.Width} as in line {l.FirstLine}"
        else
            let slot = store.Slot()
            let block = store.Block
            let stride = store.Stride
            let mutable keep = true
            let mutable k = 0
            while keep && k < d do
                let c = l.Features.[k]
                let col = row.[c]
                let mutable v = 0.0
                if parseCell col &v then
                    if not (Double.IsFinite v) then
                        cellError l line l.Names.[c] $"'{col.ToString()}' is not a finite number"
                    block.[k * stride + slot] <- v
                else
                    let cell = col.Span
                    if MemoryExtensions.IsWhiteSpace cell then
                        if l.DropMissing then keep <- false
                        else cellError l line l.Names.[c] $"empty cell ({DataDropMissing.Token} skips rows with empty cells)"
                    elif isInfText cell then
                        cellError l line l.Names.[c] $"'{cell.ToString()}' is not a finite number"
                    else
                        cellError l line l.Names.[c] $"'{cell.ToString()}' is not a number"
                k <- k + 1
            let mutable label = 0
            if keep && l.LabelColumn >= 0 then
                let cell = row.[l.LabelColumn].Span
                if MemoryExtensions.IsWhiteSpace cell then
                    if l.DropMissing then keep <- false
                    else cellError l line l.Names.[l.LabelColumn] $"empty label ({DataDropMissing.Token} skips rows with empty cells)"
                else
                    let seen = labels.Count
                    label <- labels.Add cell
                    // Checked when first seen: a later cell of a class seen before is the same number or text.
                    let mutable v = 0.0
                    if label = seen && ((Double.TryParse(cell, NumberStyles.Float, invariant, &v) && not (Double.IsFinite v)) || isInfText cell) then
                        cellError l line l.Names.[l.LabelColumn] $"label '{cell.ToString()}' is not a finite number"
            if keep then store.Commit label else dropped <- dropped + 1
    dropped

/// One slice of a plain file: its bytes, the physical line it starts on and an upper bound on its rows.
type private Slice =
    { Start: int64
      Length: int64
      /// Line ends before the slice.
      LinesBefore: int
      /// Line ends in the slice, plus one for a last line without an end: at least its rows.
      Capacity: int
      Quotes: bool }

/// Line ends and whether a quote occurs in bytes [start, start + length) of the file.
[<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
let private countLines (path: string) (start: int64) (length: int64) : int * bool =
    use f = new FileSlice(path, start, length)
    let buffer = Array.zeroCreate<byte> (1 <<< 20)
    let mutable lines = 0
    let mutable quotes = false
    let mutable n = f.Read(buffer, 0, buffer.Length)
    while n > 0 do
        let span = ReadOnlySpan(buffer, 0, n)
        lines <- lines + MemoryExtensions.Count(span, '\n'B)
        if not quotes then quotes <- MemoryExtensions.IndexOf(span, '"'B) >= 0
        n <- f.Read(buffer, 0, buffer.Length)
    lines, quotes

/// The byte just after the `lines`-th line end from `start` (the file's length if there are fewer).
let private afterLines (path: string) (start: int64) (lines: int) : int64 =
    if lines = 0 then
        start
    else
        use f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 <<< 16)
        f.Position <- start
        let buffer = Array.zeroCreate<byte> (1 <<< 16)
        let mutable left = lines
        let mutable pos = start
        let mutable result = -1L
        while result < 0L do
            let n = f.Read(buffer, 0, buffer.Length)
            if n = 0 then
                result <- pos
            else
                let mutable i = 0
                while result < 0L && i < n do
                    let hit = MemoryExtensions.IndexOf(ReadOnlySpan(buffer, i, n - i), '\n'B)
                    if hit < 0 then
                        i <- n
                    else
                        left <- left - 1
                        i <- i + hit + 1
                        if left = 0 then result <- pos + int64 i
                pos <- pos + int64 n
        result

/// Slices of at least 4 MB, a few per core so that a slow one does not hold up the others.
let private sliceCount (bytes: int64) =
    int (max 1L (min (int64 (4 * Environment.ProcessorCount)) (bytes / (4L <<< 20))))

/// Cuts bytes [start, end) of the file at line ends into slices and counts each one's line ends (in parallel).
let private plan (path: string) (start: int64) (fileEnd: int64) (count: int) : Slice[] =
    let cuts =
        [| yield start
           for k in 1 .. count - 1 do
               let target = start + (fileEnd - start) * int64 k / int64 count
               yield afterLines path target 1
           yield fileEnd |]
        |> Array.distinct
        |> Array.sort
    let bounds = Array.pairwise cuts
    let counts = Array.zeroCreate bounds.Length
    Parallel.For(0, bounds.Length, fun k -> let a, b = bounds.[k] in counts.[k] <- countLines path a (b - a)) |> ignore
    let mutable before = 0
    [| for k in 0 .. bounds.Length - 1 do
           let a, b = bounds.[k]
           let lines, quotes = counts.[k]
           yield { Start = a; Length = b - a; LinesBefore = before; Capacity = lines + 1; Quotes = quotes }
           before <- before + lines |]

/// Refuses a table whose matrix would not fit in the memory this process may use, before reading its rows.
let private checkFits (src: Source) (rows: int64) (columns: int) =
    let bytes = rows * int64 (columns + 1) * 8L
    let available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes
    let mb (b: int64) = b / 1_000_000L
    if rows * int64 (columns + 1) > int64 Array.MaxLength || bytes > available then
        fail
            src
            $"is too big for memory: up to {rows} rows × {columns + 1} columns need about {mb bytes} MB, and this process may use {mb available} MB"

/// The classes of the label cells: each slice's provisional classes renumbered as if one collector had seen the
/// slices in file order.
let mergeLabels (collectors: LabelCollector[]) : LabelCollector * int[][] =
    let all = LabelCollector()
    let maps = collectors |> Array.map (fun c -> c.Seen |> Array.map (fun name -> all.Add(name.AsSpan())))
    all, maps

/// Reads a plain file: slices parsed in parallel into one matrix, then the rows of the slices moved together.
[<MethodImpl(MethodImplOptions.AggressiveOptimization)>]
let private readPlain (t: Table) (l: Layout) (firstIsData: bool) (slicing: int64 -> int) : TableRows =
    let src = t.Source
    let opts = options src
    // The length of the file the path opens: FileInfo's would be a symbolic link's own (a linked table read short).
    let fileEnd =
        use handle = File.OpenHandle(src.Path)
        RandomAccess.GetLength handle
    let skipLines = if firstIsData then 0 else t.AfterFirst - 1
    let dataStart = afterLines src.Path 0L skipLines
    let sliced = plan src.Path dataStart fileEnd (slicing (fileEnd - dataStart))
    // A quoted cell may hold a line end, so a cut could fall inside it: a file with quotes is read in one slice.
    let slices =
        if sliced.Length > 1 && sliced |> Array.exists (fun s -> s.Quotes) then
            [| { Start = dataStart
                 Length = fileEnd - dataStart
                 LinesBefore = 0
                 Capacity = (sliced |> Array.sumBy (fun s -> s.Capacity - 1)) + 1
                 Quotes = true } |]
        else
            sliced
    let quotes = slices |> Array.exists (fun s -> s.Quotes)
    let capacity = slices |> Array.sumBy (fun s -> int64 s.Capacity)
    let d = l.Features.Length
    checkFits src capacity d
    let stride = int capacity
    let data, labels =
        try
            GC.AllocateUninitializedArray<float>(stride * (d + 1)), Array.zeroCreate<int> stride
        with :? OutOfMemoryException ->
            fail src $"is too big for memory: up to {capacity} rows × {d + 1} columns need about {capacity * int64 (d + 1) * 8L / 1_000_000L} MB"
    let firsts = slices |> Array.scan (fun acc s -> acc + s.Capacity) 0
    let stores = slices |> Array.mapi (fun k s -> SliceStore(data, stride, firsts.[k], s.Capacity, labels))
    let collectors = slices |> Array.map (fun _ -> LabelCollector())
    let dropped = Array.zeroCreate slices.Length
    let errors: exn option[] = Array.create slices.Length None
    let lineOffset (s: Slice) = skipLines + s.LinesBefore
    let parseSlice k =
        let s = slices.[k]
        try
            let text = new StreamReader(new FileSlice(src.Path, s.Start, s.Length), UTF8Encoding(false), (s.Start = 0L), 1 <<< 16)
            use reader = opts.From text
            dropped.[k] <- parseRows<Sep> { l with Quotes = quotes } reader (lineOffset s) stores.[k] collectors.[k]
        with ex ->
            errors.[k] <- Some ex
    if slices.Length = 1 then parseSlice 0 else Parallel.For(0, slices.Length, parseSlice) |> ignore
    // The first problem in file order is the one a one-thread parse would have met.
    errors |> Array.tryPick id |> Option.iter raise
    // Move each slice's rows down to follow the previous slice's: every move goes to a lower index, in order.
    let counts = stores |> Array.map (fun s -> s.Rows)
    let n = Array.sum counts
    let targets = counts |> Array.scan (+) 0
    for j in 0 .. d - 1 do
        for k in 0 .. slices.Length - 1 do
            Array.Copy(data, j * stride + firsts.[k], data, j * n + targets.[k], counts.[k])
    for k in 0 .. slices.Length - 1 do
        Array.Copy(labels, firsts.[k], labels, targets.[k], counts.[k])
    let all, maps = mergeLabels collectors
    let classes, remap = all.Finish()
    let y = Array.zeroCreate (if l.LabelColumn >= 0 then n else 0)
    if l.LabelColumn >= 0 then
        for k in 0 .. slices.Length - 1 do
            let map = maps.[k]
            for i in targets.[k] .. targets.[k + 1] - 1 do
                y.[i] <- remap.[map.[labels.[i]]]
    { X = { Data = data; Rows = n; Cols = d }; Y = y; Classes = classes; Dropped = Array.sum dropped; Slices = slices.Length }

/// Reads a gzip file in one pass (its length is not known before it is decompressed).
let private readStream (t: Table) (l: Layout) (firstIsData: bool) : TableRows =
    let src = t.Source
    use reader = (options src).From(wholeText src)
    if not firstIsData then
        // Skip up to and including the first row.
        let mutable go = true
        while go && reader.MoveNext() do
            if not (isBlank reader.Current) then go <- false
    let store = GrowingStore l.Features.Length
    let labels = LabelCollector()
    let dropped = parseRows<Sep> { l with Quotes = true } reader (if firstIsData then 0 else t.AfterFirst - 1) store labels
    let classes, remap = labels.Finish()
    let y = if l.LabelColumn >= 0 then Array.init store.Labels.Count (fun i -> remap.[store.Labels.[i]]) else [||]
    let x =
        try
            store.ToMatrix()
        with :? OutOfMemoryException ->
            fail src $"is too big for memory: {store.Labels.Count} rows × {l.Features.Length + 1} columns"
    { X = x; Y = y; Classes = classes; Dropped = dropped; Slices = 1 }

let private readSliced (slicing: int64 -> int) (t: Table) (firstIsData: bool) (names: string[]) (features: int[]) (labelColumn: int) (dropMissing: bool) : TableRows =
    let l =
        { Src = t.Source
          Width = t.First.Length
          FirstLine = t.FirstLine
          Names = names
          Features = features
          LabelColumn = labelColumn
          DropMissing = dropMissing
          Quotes = true }
    guarded t.Source (fun () -> if isGzip t.Source then readStream t l firstIsData else readPlain t l firstIsData slicing)

/// Reads the `features` columns (0-based) and, when `labelColumn` ≥ 0, the label column of every remaining row
/// (from the first row when it is data). Blank lines are skipped; a row with an empty cell is skipped with
/// `dropMissing` and refused without it; a ragged row, a non-numeric or non-finite feature is refused.
let read t firstIsData names features labelColumn dropMissing : TableRows =
    readSliced sliceCount t firstIsData names features labelColumn dropMissing

/// `read` with a plain file cut into `slices` slices whatever its size (1: a one-thread parse), for tests that compare
/// the two.
let readInSlices (slices: int) t firstIsData names features labelColumn dropMissing : TableRows =
    readSliced (fun _ -> slices) t firstIsData names features labelColumn dropMissing
