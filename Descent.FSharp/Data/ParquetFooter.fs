/// A Parquet file's footer (its FileMetaData) decoded by descent, for the tables it reads without Parquet.Net: flat
/// columns of DOUBLE or INT64 numbers, which are all a table of numbers written by descent, pandas or Spark needs.
/// Opening a file with Parquet.Net cost a first run 15-30 ms of JIT compilation and type loading (its async readers,
/// its schema model) and its fields 4-12 ms more, a fifth of reading the 1,000,000 × 20 table in the installed tool;
/// this decoder takes about 3 ms there, the file's reads included. Any file it does not take whole — another column
/// type or annotation, a nested or repeated column, a footer it cannot decode, an encrypted one — is opened with
/// Parquet.Net as before, which reads it or says what is wrong with it.
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
[<Literal>]
let private ConvertedInt64 = 18

/// The lowest of a chunk's page offsets that is set (> 0), or Int64.MaxValue when none is.
let private firstPage (dictionary: int64) (data: int64) (index: int64) =
    let mutable first = Int64.MaxValue
    for o in [| dictionary; data; index |] do
        if o > 0L && o < first then first <- o
    first

/// The chunk `c` describes, from Parquet.Net's decoding of the footer.
let ofColumnChunk (c: Parquet.Meta.ColumnChunk) : Chunk voption =
    let md = c.MetaData
    if isNull md then ValueNone
    else
        ValueSome
            { Physical = int md.Type
              Codec = int md.Codec
              Values = md.NumValues
              Start = firstPage (md.DictionaryPageOffset.GetValueOrDefault()) md.DataPageOffset (md.IndexPageOffset.GetValueOrDefault())
              CompressedBytes = md.TotalCompressedSize
              Elsewhere = not (isNull c.FilePath) || not (isNull c.CryptoMetadata) }

/// Whether a LogicalType is INTEGER(64, signed). LogicalType is a union, one field set: INTEGER is field 10, an
/// IntType { 1: i8 bitWidth, 2: bool isSigned }.
let private logicalIsSignedInt64 (r: Reader) =
    let mutable plainInt64 = false
    r.Fields(fun id t ->
        if id = 10 && t = Kind.Struct then
            let mutable width = 0
            let mutable signed = false
            r.Fields(fun id t ->
                if id = 1 && t = Kind.I8 then width <- int (sbyte (r.Byte()))
                elif id = 2 && (t = Kind.BoolTrue || t = Kind.BoolFalse) then signed <- (t = Kind.BoolTrue)
                else r.SkipValue t)
            plainInt64 <- width = 64 && signed
        else r.SkipValue t)
    plainInt64

/// One SchemaElement. Here and below, fields are matched by (id, compact type) as parquet.thrift numbers them; a field
/// of an unexpected type is skipped like an unknown one.
let private element (r: Reader) () =
    let e = { Name = null; Type = -1; Repetition = -1; Children = 0; Annotated = false }
    let mutable converted = -1
    // -1 absent, 0 another logical type, 1 INTEGER(64, signed).
    let mutable logical = -1
    // 1 type, 3 repetition_type, 4 name, 5 num_children, 6 converted_type, 10 logicalType.
    r.Fields(fun id t ->
        match id, t with
        | 1, Kind.I32 -> e.Type <- r.Int32()
        | 3, Kind.I32 -> e.Repetition <- r.Int32()
        | 4, Kind.Binary -> e.Name <- r.Text()
        | 5, Kind.I32 -> e.Children <- r.Int32()
        | 6, Kind.I32 -> converted <- r.Int32()
        | 10, Kind.Struct -> logical <- if logicalIsSignedInt64 r then 1 else 0
        | _ -> r.SkipValue t)
    let saysInt64 = e.Type = Physical.int64 && (converted = -1 || converted = ConvertedInt64) && logical <> 0
    e.Annotated <- (converted <> -1 || logical <> -1) && not saysInt64
    e

/// A chunk as its ColumnMetaData gives it, with its path in the schema (one name for a flat column).
type private ChunkRead = { Chunk: Chunk; Path: string[] }

/// One ColumnMetaData: 1 type, 3 path_in_schema, 4 codec, 5 num_values, 7 total_compressed_size, 9 data_page_offset,
/// 10 index_page_offset, 11 dictionary_page_offset.
let private columnMetaData (r: Reader) =
    let mutable path = null
    let mutable physical = -1
    let mutable codec = -1
    let mutable values = -1L
    let mutable compressed = -1L
    let mutable data = 0L
    let mutable index = 0L
    let mutable dictionary = 0L
    r.Fields(fun id t ->
        match id, t with
        | 1, Kind.I32 -> physical <- r.Int32()
        | 3, Kind.List ->
            let size, element = r.ListHeader()
            if element <> Kind.Binary then invalidOp "path_in_schema is not a list of strings"
            path <- Array.zeroCreate<string> size
            for i in 0 .. size - 1 do
                path.[i] <- r.Text()
        | 4, Kind.I32 -> codec <- r.Int32()
        | 5, Kind.I64 -> values <- r.Int()
        | 7, Kind.I64 -> compressed <- r.Int()
        | 9, Kind.I64 -> data <- r.Int()
        | 10, Kind.I64 -> index <- r.Int()
        | 11, Kind.I64 -> dictionary <- r.Int()
        | _ -> r.SkipValue t)
    { Chunk =
        { Physical = physical
          Codec = codec
          Values = values
          Start = firstPage dictionary data index
          CompressedBytes = compressed
          Elsewhere = false }
      Path = path }

/// One ColumnChunk: 3 meta_data; 1 file_path, 8 crypto_metadata and 9 encrypted_column_metadata put its pages out of
/// reach.
let private columnChunk (r: Reader) () =
    let mutable chunk = Unchecked.defaultof<ChunkRead>
    let mutable elsewhere = false
    r.Fields(fun id t ->
        match id, t with
        | 3, Kind.Struct -> chunk <- columnMetaData r
        | (1 | 8 | 9), _ ->
            elsewhere <- true
            r.SkipValue t
        | _ -> r.SkipValue t)
    if isNull (box chunk) then invalidOp "a column chunk without metadata"
    { chunk with Chunk = { chunk.Chunk with Elsewhere = elsewhere } }

/// One RowGroup: 1 columns, 3 num_rows.
type private GroupRead = { mutable Rows: int64; mutable Chunks: ChunkRead[] }

let private rowGroup (r: Reader) () =
    let group = { Rows = -1L; Chunks = [||] }
    r.Fields(fun id t ->
        match id, t with
        | 1, Kind.List -> group.Chunks <- r.Structs(columnChunk r)
        | 3, Kind.I64 -> group.Rows <- r.Int()
        | _ -> r.SkipValue t)
    group

/// Whether `leaves` are the flat columns of numbers this decoder takes: no group among them, a name each and no two
/// alike, required or optional (not repeated), DOUBLE or INT64 with no annotation that changes what they mean.
let private flatNumbers (leaves: Element[]) =
    let names = Collections.Generic.HashSet<string>(StringComparer.Ordinal)
    let mutable ok = true
    for e in leaves do
        ok <-
            ok && e.Children = 0 && not (isNull e.Name) && names.Add e.Name && (e.Repetition = 0 || e.Repetition = 1)
            && not e.Annotated && (e.Type = Physical.double || e.Type = Physical.int64)
    ok

/// Whether a row group holds one chunk per leaf, in schema order, of the leaf's type and the group's rows.
let private matches (leaves: Element[]) (group: GroupRead) =
    let mutable ok = group.Rows >= 0L && group.Chunks.Length = leaves.Length
    for i in 0 .. (if ok then leaves.Length - 1 else -1) do
        let c = group.Chunks.[i]
        ok <-
            ok && not (isNull c.Path) && c.Path.Length = 1 && c.Path.[0] = leaves.[i].Name
            && c.Chunk.Physical = leaves.[i].Type && c.Chunk.Values = group.Rows
    ok

/// The flat table of numbers FileMetaData bytes[start .. start + length - 1] describe, or ValueNone.
let decode (bytes: byte[]) (start: int) (length: int) : Footer voption =
    let r = Reader(bytes, start, start + length)
    let mutable schema = [||]
    let mutable groups = [||]
    // FileMetaData: 2 schema, 4 row_groups.
    r.Fields(fun id t ->
        match id, t with
        | 2, Kind.List -> schema <- r.Structs(element r)
        | 4, Kind.List -> groups <- r.Structs(rowGroup r)
        | _ -> r.SkipValue t)
    if schema.Length < 2 then ValueNone
    else
        let leaves = Array.sub schema 1 (schema.Length - 1)
        let mutable ok = schema.[0].Children = leaves.Length && flatNumbers leaves
        for g in groups do
            ok <- ok && matches leaves g
        if not ok then ValueNone
        else
            ValueSome
                { Columns = leaves |> Array.map (fun e -> { Name = e.Name; Physical = e.Type; Optional = e.Repetition = 1 })
                  GroupRows = groups |> Array.map _.Rows
                  Chunks = groups |> Array.map (fun g -> g.Chunks |> Array.map _.Chunk) }

/// Fills `dst` from the file at `offset`; false when the file ends first (ParquetPlainChunk reads pages with it too).
let readExactly (file: SafeFileHandle) (offset: int64) (dst: Span<byte>) : bool =
    let mutable got = 0
    let mutable ended = false
    while not ended && got < dst.Length do
        let n = RandomAccess.Read(file, dst.Slice got, offset + int64 got)
        if n = 0 then ended <- true else got <- got + n
    got = dst.Length

/// The footer of the Parquet file `file` (`length` bytes) when it is a flat table of numbers descent reads itself;
/// ValueNone for anything else, including a file that is not Parquet or is damaged (Parquet.Net then says so).
let tryRead (file: SafeFileHandle) (length: int64) : Footer voption =
    try
        let ends = Array.zeroCreate<byte> 8
        let magic (b: byte[]) (at: int) = b.[at] = 80uy && b.[at + 1] = 65uy && b.[at + 2] = 82uy && b.[at + 3] = 49uy // PAR1
        if length < 12L then ValueNone
        elif not (readExactly file 0L (Span<byte>(ends, 0, 4))) || not (magic ends 0) then ValueNone
        elif not (readExactly file (length - 8L) (Span<byte>(ends))) || not (magic ends 4) then ValueNone
        else
            let size = BinaryPrimitives.ReadInt32LittleEndian(ReadOnlySpan<byte>(ends, 0, 4))
            if size <= 0 || int64 size > length - 12L then ValueNone
            else
                let bytes = Array.zeroCreate<byte> size
                if readExactly file (length - 8L - int64 size) (Span<byte>(bytes)) then decode bytes 0 size else ValueNone
    with
    | :? OutOfMemoryException -> reraise ()
    | _ -> ValueNone
