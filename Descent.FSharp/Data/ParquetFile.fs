/// A Parquet file opened with ParquetSharp (Apache's C++ implementation): its flat columns and row groups, readers that
/// verify the checksums of the pages that carry one, and the reader's exceptions as one line naming the file.
module Descent.ParquetFile

open System
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

/// The C++ reader's message as one line in its own words: ParquetSharp wraps it as
/// "N7parquet…ExceptionE (message: 'Invalid: …')", a C++ type name and a status prefix no user needs.
let private firstLine (message: string) =
    let marker = "(message: '"
    let text =
        match message.IndexOf(marker, StringComparison.Ordinal) with
        | -1 -> message
        | i -> message.Substring(i + marker.Length).TrimEnd().TrimEnd(')').TrimEnd('\'')
    let line = (text.Split('\n', StringSplitOptions.RemoveEmptyEntries) |> Array.tryHead |> Option.defaultValue "").Trim()
    let line = String(line.ToCharArray() |> Array.filter (Char.IsControl >> not)).Trim()
    let line =
        [ "Invalid: "; "IOError: " ]
        |> List.fold (fun (l: string) prefix -> if l.StartsWith(prefix, StringComparison.Ordinal) then l.Substring prefix.Length else l) line
    if line = "" then "unknown error" else line

/// ParquetSharp's exceptions on a damaged file (truncated, not Parquet, bad pages, a wrong checksum) as one line
/// naming the file.
let guarded (src: TableSource) (where: string) (f: unit -> 'a) : 'a =
    try
        f ()
    with
    | DescentError _ -> reraise ()
    | :? OutOfMemoryException -> reraise ()
    | :? UnauthorizedAccessException as ex -> TableSource.fail src $"cannot be read: {Files.causeOf ex}"
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

