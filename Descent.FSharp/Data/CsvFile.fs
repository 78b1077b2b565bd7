/// A CSV file opened with Sep (plain, or gzip when the name ends in .gz): descent's dialect, the first non-blank row,
/// the column names, and the reader's and decompressor's exceptions as one line naming the file.
module Descent.CsvFile

open System
open System.IO
open System.Text
open nietras.SeparatedValues
open Descent.CsvCells

/// A file whose first non-blank row has been read.
type CsvFile =
    { Source: TableSource
      /// The cells of the first non-blank row.
      First: string[]
      /// The physical line where the first row starts.
      FirstLine: int
      /// The physical line after the first row (a quoted cell may make it span lines).
      AfterFirst: int }

    interface IDisposable with
        member _.Dispose() = ()

/// The longest row read, in characters (about 25,000 numeric columns).
let maxLineChars = 1 <<< 18

let isGzip (src: TableSource) = src.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)

/// A problem found while parsing, at a physical line: raised in file order once every slice has finished.
exception internal LineError of line: int * problem: Problem

/// Turns the reader's and the decompressor's exceptions into one line naming the file.
let guarded (src: TableSource) (f: unit -> 'a) : 'a =
    let fail = TableSource.fail src
    try
        f ()
    with
    | LineError (_, p) -> raise (DescentError p)
    | :? InvalidDataException as ex when isGzip src -> fail $"is not valid gzip data: {ex.Message}"
    // Sep's own limit on a row (16 MiB of text), met before descent sees the row.
    | :? NotSupportedException ->
        fail "holds a row longer than the CSV reader takes (16 MiB): a file without line breaks, or a quote that never closes"
    | :? UnauthorizedAccessException as ex -> fail $"cannot be read: {ex.Message}"
    | :? IOException as ex -> fail $"cannot be read: {ex.Message}"
    | :? AggregateException as ex when (ex.Flatten().InnerExceptions |> Seq.exists (fun e -> e :? IOException)) ->
        fail $"cannot be read: {ex.Flatten().InnerExceptions |> Seq.find (fun e -> e :? IOException) |> fun e -> e.Message}"

/// Sep's options for descent's CSV dialect: no header (detected by descent), any number of fields per row (checked by
/// descent with the line), quotes removed.
let options (src: TableSource) =
    let sep =
        try
            Sep(src.Delimiter)
        with :? ArgumentException ->
            Fail.setting DataDelimiter $"'{src.Delimiter}' is not a delimiter descent reads (try ',', ';', '|', a space or tab)"
    SepReaderOptions(Nullable sep, HasHeader = false, DisableColCountCheck = true, Unescape = true)

/// A text reader of the whole file (decompressed and checked for .gz), decoding UTF-8 with or without a byte-order
/// mark.
let wholeText (src: TableSource) : TextReader =
    let stream: Stream =
        if isGzip src then new CheckedGzip(src.Path)
        else new FileStream(src.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 <<< 16, FileOptions.SequentialScan)
    new StreamReader(stream, UTF8Encoding(false), true, 1 <<< 16)

let isBlank (row: SepReader.Row) = row.ColCount = 1 && MemoryExtensions.IsWhiteSpace(row.[0].Span)

/// Quotes come in pairs; an odd count means a quote that never closes (Sep then reads to the end of the file).
let unclosedQuote (row: SepReader.Row) = (MemoryExtensions.Count(row.Span, '"') &&& 1) = 1

/// Opens `src` and reads its first non-blank row; refuses a missing, unreadable or empty file.
let openFile (src: TableSource) : CsvFile =
    TableSource.checkExists src
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
                TableSource.failAt src here $"the row is longer than {maxLineChars} characters, the most descent reads"
            if unclosedQuote row then TableSource.failAt src here "malformed CSV: a quote is never closed"
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
        | None -> TableSource.fail src "is empty (no rows)")

/// Column names: the header's, or x0, x1, … by 0-based column when there is no header (or a header cell is blank).
/// Refuses a name used twice, since columns are matched by name.
let columnNames (t: CsvFile) (header: bool) : string[] =
    let names =
        t.First |> Array.mapi (fun c cell -> if header && cellName cell <> "" then cellName cell else $"x{c}")
    names
    |> Array.countBy id
    |> Array.tryFind (fun (_, count) -> count > 1)
    |> Option.iter (fun (name, _) ->
        let columns = names |> Array.indexed |> Array.filter (fun (_, n) -> n = name) |> Array.map (fst >> string)
        TableSource.failAt t.Source t.FirstLine $"""column name '{name}' is used by more than one column ({String.Join(", ", columns)}, 0-based)""")
    names
