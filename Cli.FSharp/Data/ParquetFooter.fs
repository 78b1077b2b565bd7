/// A Parquet file's footer (its FileMetaData) decoded by descent, for the tables it reads without Parquet.Net: flat
/// columns of DOUBLE or INT64 numbers, which are all a table of numbers written by descent, pandas or Spark needs.
/// Opening a file with Parquet.Net costs a first run 20-30 ms of JIT compilation and type loading (its async readers,
/// its schema model), a fifth of reading the 1,000,000 × 20 table; this decoder, precompiled with descent, takes well
/// under a millisecond. Any file it does not take whole — another column type or annotation, a nested or repeated
/// column, a footer it cannot decode, an encrypted one — is opened with Parquet.Net as before, which reads it or says
/// what is wrong with it.
module Descent.ParquetFooter

open System
open System.Buffers.Binary
open System.IO
open Microsoft.Win32.SafeHandles
open Descent.ThriftCompact

/// Parquet's physical types and codecs that descent reads itself.
[<RequireQualifiedAccess>]
module Physical =
    let int64 = 2
    let double = 5

[<RequireQualifiedAccess>]
module Codec =
    let uncompressed = 0
    let snappy = 1

/// What reading a column chunk's pages needs from its metadata.
type Chunk =
    { Physical: int
      Codec: int
      Values: int64
      /// The offset of its first page: the lowest of the offsets the writer set, as a dictionary page may come first
      /// (Parquet.Net starts there too).
      Start: int64
      CompressedBytes: int64
      /// Kept in another file (file_path) or encrypted: never read directly.
      Elsewhere: bool }

/// The chunk `md` describes, as Parquet.Net decoded it.
let ofColumnChunk (c: Parquet.Meta.ColumnChunk) : Chunk voption =
    let md = c.MetaData
    if isNull md then ValueNone
    else
        let offsets = [ md.DictionaryPageOffset.GetValueOrDefault(); md.DataPageOffset; md.IndexPageOffset.GetValueOrDefault() ]
        ValueSome
            { Physical = int md.Type
              Codec = int md.Codec
              Values = md.NumValues
              Start = offsets |> List.filter (fun o -> o > 0L) |> List.fold min Int64.MaxValue
              CompressedBytes = md.TotalCompressedSize
              Elsewhere = not (isNull c.FilePath) || not (isNull c.CryptoMetadata) }

/// One column of a flat table: its name, DOUBLE or INT64, and whether it may hold nulls (OPTIONAL).
type Column = { Name: string; Physical: int; Optional: bool }

/// A flat table of numbers: its columns, each row group's rows, and each row group's chunks in column order.
type Footer = { Columns: Column[]; GroupRows: int64[]; Chunks: Chunk[][] }

/// A schema element's fields that say what a column holds.
type private Element =
    { mutable Name: string
      mutable Type: int
      mutable Repetition: int
      mutable Children: int
      /// A converted type or logical type that Parquet.Net would read as something other than double or int64.
      mutable Annotated: bool }

/// ConvertedType INT_64 and LogicalType INTEGER(64, signed) say what INT64 already does (Parquet.Net reads both as
/// int64); every other annotation (unsigned, timestamps, decimals, …) changes what the numbers mean.
let private convertedInt64 = 18

let private logicalIsSignedInt64 (r: Reader) =
    // LogicalType is a union: one field set. INTEGER (10) holds IntType { 1: i8 bitWidth, 2: bool isSigned }.
    let mutable plainInt64 = false
    r.Fields(fun id t ->
        if id = 10 && t = Kind.structure then
            let mutable width = 0
            let mutable signed = false
            r.Fields(fun id t ->
                if id = 1 && t = Kind.i8 then width <- int (sbyte (r.Byte()))
                elif id = 2 && (t = Kind.boolTrue || t = Kind.boolFalse) then signed <- (t = Kind.boolTrue)
                else r.SkipValue t)
            plainInt64 <- width = 64 && signed
        else r.SkipValue t)
    plainInt64

/// One SchemaElement. Here and below, fields are matched by (id, compact type) as parquet.thrift numbers them; a field
/// of an unexpected type is skipped like an unknown one.
let private element (r: Reader) () =
    let e = { Name = null; Type = -1; Repetition = -1; Children = 0; Annotated = false }
    let mutable converted = -1
    let mutable logicalInt64 = ValueNone
    // 1 type, 3 repetition_type, 4 name, 5 num_children, 6 converted_type, 10 logicalType.
    r.Fields(fun id t ->
        match id, t with
        | 1, 5 -> e.Type <- r.Int32()
        | 3, 5 -> e.Repetition <- r.Int32()
        | 4, 8 -> e.Name <- r.Text()
        | 5, 5 -> e.Children <- r.Int32()
        | 6, 5 -> converted <- r.Int32()
        | 10, 12 -> logicalInt64 <- ValueSome(logicalIsSignedInt64 r)
        | _ -> r.SkipValue t)
    let saysInt64 =
        e.Type = Physical.int64 && (converted = -1 || converted = convertedInt64) && logicalInt64 <> ValueSome false
    e.Annotated <- (converted <> -1 || logicalInt64.IsSome) && not saysInt64
    e

/// A column chunk's metadata, and its path in the schema (one name for a flat column).
let private columnMetaData (r: Reader) =
    let mutable path = [||]
    let mutable physical, codec = -1, -1
    let mutable values, compressed = -1L, -1L
    let mutable data, index, dictionary = 0L, 0L, 0L
    // 1 type, 3 path_in_schema, 4 codec, 5 num_values, 7 total_compressed_size, 9 data_page_offset,
    // 10 index_page_offset, 11 dictionary_page_offset.
    r.Fields(fun id t ->
        match id, t with
        | 1, 5 -> physical <- r.Int32()
        | 3, 9 ->
            let size, element = r.ListHeader()
            if element <> Kind.binary then invalidOp "path_in_schema is not a list of strings"
            path <- Array.init size (fun _ -> r.Text())
        | 4, 5 -> codec <- r.Int32()
        | 5, 6 -> values <- r.Int()
        | 7, 6 -> compressed <- r.Int()
        | 9, 6 -> data <- r.Int()
        | 10, 6 -> index <- r.Int()
        | 11, 6 -> dictionary <- r.Int()
        | _ -> r.SkipValue t)
    path,
    { Physical = physical
      Codec = codec
      Values = values
      Start = [ dictionary; data; index ] |> List.filter (fun o -> o > 0L) |> List.fold min Int64.MaxValue
      CompressedBytes = compressed
      Elsewhere = false }

/// One ColumnChunk: 3 meta_data; 1 file_path, 8 crypto_metadata and 9 encrypted_column_metadata put its pages out of
/// reach.
let private columnChunk (r: Reader) () =
    let mutable chunk = ValueNone
    let mutable elsewhere = false
    r.Fields(fun id t ->
        match id, t with
        | 3, 12 -> chunk <- ValueSome(columnMetaData r)
        | (1 | 8 | 9), _ ->
            elsewhere <- true
            r.SkipValue t
        | _ -> r.SkipValue t)
    match chunk with
    | ValueSome(path, c) -> path, { c with Elsewhere = elsewhere }
    | ValueNone -> invalidOp "a column chunk without metadata"

/// One RowGroup: 1 columns, 3 num_rows.
let private rowGroup (r: Reader) () =
    let mutable chunks = [||]
    let mutable rows = -1L
    r.Fields(fun id t ->
        match id, t with
        | 1, 9 -> chunks <- r.Structs(columnChunk r)
        | 3, 6 -> rows <- r.Int()
        | _ -> r.SkipValue t)
    rows, chunks

/// The flat table of numbers FileMetaData bytes[start .. start + length - 1] describe, or ValueNone.
let decode (bytes: byte[]) (start: int) (length: int) : Footer voption =
    let r = Reader(bytes, start, start + length)
    let mutable schema = [||]
    let mutable groups = [||]
    // FileMetaData: 2 schema, 4 row_groups.
    r.Fields(fun id t ->
        match id, t with
        | 2, 9 -> schema <- r.Structs(element r)
        | 4, 9 -> groups <- r.Structs(rowGroup r)
        | _ -> r.SkipValue t)
    let leaves = if schema.Length > 0 then schema.[1..] else [||]
    let flat =
        schema.Length > 1 && schema.[0].Children = leaves.Length
        && leaves |> Array.forall (fun e ->
            e.Children = 0 && not (isNull e.Name) && (e.Repetition = 0 || e.Repetition = 1) && not e.Annotated
            && (e.Type = Physical.double || e.Type = Physical.int64))
        && (leaves |> Array.distinctBy _.Name).Length = leaves.Length
    let matching (rows: int64, chunks: (string[] * Chunk)[]) =
        rows >= 0L && chunks.Length = leaves.Length
        && Array.forall2 (fun (path: string[], c: Chunk) (e: Element) -> path = [| e.Name |] && c.Physical = e.Type && c.Values = rows) chunks leaves
    if not flat || not (Array.forall matching groups) then ValueNone
    else
        ValueSome
            { Columns = leaves |> Array.map (fun e -> { Name = e.Name; Physical = e.Type; Optional = e.Repetition = 1 })
              GroupRows = groups |> Array.map fst
              Chunks = groups |> Array.map (fun (_, chunks) -> Array.map snd chunks) }

/// The footer of the Parquet file `file` (`length` bytes) when it is a flat table of numbers descent reads itself;
/// ValueNone for anything else, including a file that is not Parquet or is damaged (Parquet.Net then says so).
let tryRead (file: SafeFileHandle) (length: int64) : Footer voption =
    try
        let ends = Array.zeroCreate<byte> 8
        let magic (b: byte[]) (at: int) = b.[at] = 80uy && b.[at + 1] = 65uy && b.[at + 2] = 82uy && b.[at + 3] = 49uy // PAR1
        if length < 12L then ValueNone
        elif RandomAccess.Read(file, Span<byte>(ends, 0, 4), 0L) <> 4 || not (magic ends 0) then ValueNone
        elif RandomAccess.Read(file, Span<byte>(ends), length - 8L) <> 8 || not (magic ends 4) then ValueNone
        else
            let size = BinaryPrimitives.ReadInt32LittleEndian(ReadOnlySpan<byte>(ends, 0, 4))
            if size <= 0 || int64 size > length - 12L then ValueNone
            else
                let bytes = Array.zeroCreate<byte> size
                let mutable got = 0
                let mutable ended = false
                while not ended && got < size do
                    let n = RandomAccess.Read(file, Span<byte>(bytes, got, size - got), length - 8L - int64 size + int64 got)
                    if n = 0 then ended <- true else got <- got + n
                if got < size then ValueNone else decode bytes 0 size
    with
    | :? OutOfMemoryException -> reraise ()
    | _ -> ValueNone
