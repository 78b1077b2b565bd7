/// Numeric tables from CSV files (plain, or gzip when the name ends in .gz) read with Sep straight into a column-major
/// matrix with room for the bias column. A plain file is cut at line ends into slices parsed in parallel, each into its
/// own rows of the final matrix, so the rows keep their file order and the result (values, classes, the first error)
/// is that of a one-thread parse.
module Descent.CsvTable

open System
open System.IO
open System.Text
open System.Threading.Tasks
open nietras.SeparatedValues
open Descent.CsvFile
open Descent.CsvRowStores
open Descent.CsvRowParser
open Descent.CsvSlices

/// Reads a plain file: slices parsed in parallel into one matrix, then the rows of the slices moved together.
let private readPlain (t: CsvFile) (l: Layout) (firstIsData: bool) (slicing: int64 -> int) : TableRows =
    let src = t.Source
    let opts = CsvFile.options src
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
    MemoryCheck.table src capacity d
    let stride = int capacity
    let data, labels =
        try
            GC.AllocateUninitializedArray<float>(stride * (d + 1)), Array.zeroCreate<int> stride
        with :? OutOfMemoryException ->
            TableSource.fail src $"is too big for memory: up to {capacity} rows × {d + 1} columns need about {capacity * int64 (d + 1) * 8L / 1_000_000L} MB"
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
            use reader = opts.From(text :> TextReader)
            dropped.[k] <- parseRows { l with Quotes = quotes } reader (lineOffset s) stores.[k] collectors.[k]
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
    let all, maps = TableRows.mergeLabels collectors
    let classes, remap = all.Finish()
    let y = Array.zeroCreate (if l.LabelColumn >= 0 then n else 0)
    if l.LabelColumn >= 0 then
        for k in 0 .. slices.Length - 1 do
            let map = maps.[k]
            for i in targets.[k] .. targets.[k + 1] - 1 do
                y.[i] <- remap.[map.[labels.[i]]]
    { X = { Data = data; Rows = n; Cols = d }; Y = y; Classes = classes; Dropped = Array.sum dropped; Slices = slices.Length }

/// Reads a gzip file in one pass (its length is not known before it is decompressed).
let private readStream (t: CsvFile) (l: Layout) (firstIsData: bool) : TableRows =
    let src = t.Source
    use reader = (CsvFile.options src).From(wholeText src)
    if not firstIsData then
        // Skip up to and including the first row.
        let mutable go = true
        while go && reader.MoveNext() do
            if not (isBlank reader.Current) then go <- false
    let store = GrowingStore l.Features.Length
    let labels = LabelCollector()
    let dropped = parseRows { l with Quotes = true } reader (if firstIsData then 0 else t.AfterFirst - 1) store labels
    let classes, remap = labels.Finish()
    let y = if l.LabelColumn >= 0 then Array.init store.Labels.Count (fun i -> remap.[store.Labels.[i]]) else [||]
    let x =
        try
            store.ToMatrix()
        with :? OutOfMemoryException ->
            TableSource.fail src $"is too big for memory: {store.Labels.Count} rows × {l.Features.Length + 1} columns"
    { X = x; Y = y; Classes = classes; Dropped = dropped; Slices = 1 }

let private readSliced (slicing: int64 -> int) (t: CsvFile) (firstIsData: bool) (names: string[]) (features: int[]) (labelColumn: int) (dropMissing: bool) : TableRows =
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
