/// Reads a column chunk of PLAIN-encoded fixed-width values (Parquet DOUBLE or INT64, little-endian as in memory)
/// from the file straight into the caller's array: each page's bytes are read with one positional read and, when
/// snappy-compressed, decompressed into the array itself. Parquet.Net 6.1.0 decodes the same chunk through a
/// sub-stream, a copy of the compressed page, a pooled decompressed page and a copy into the destination: on the
/// 1,000,000 × 19 double table (8 row groups of 131,072 rows, snappy), one thread, 0.60–1.12 s of CPU and 696 MB
/// allocated against 0.027–0.052 s and 2 MB this way (Tests/Benchmarks/parquet_readers.fsx, load average 9–11).
///
/// Only what is read exactly as Parquet.Net would read it is taken: data pages (v1 or v2) of PLAIN values, a flat
/// column (required, or optional with no null in the page), uncompressed or snappy. Anything else — a dictionary
/// page, another encoding or codec, a null, a header or size that does not add up, a short read — answers false, and
/// the caller reads that chunk with Parquet.Net, which also reports a damaged file as it always has.
module Descent.ParquetPlainChunk

open System
open System.Buffers.Binary
open System.IO
open System.Runtime.InteropServices
open Microsoft.Win32.SafeHandles
open Descent.ParquetFooter
open Descent.ParquetPageHeader

/// A worker's buffers, grown to the largest page it has met and reused for every page after.
type Scratch() =
    let mutable header: byte[] = [||]
    let mutable compressed: byte[] = [||]
    let mutable plain: byte[] = [||]

    static member private Grown (buffer: byte[]) (size: int) =
        if buffer.Length >= size then buffer else GC.AllocateUninitializedArray<byte> size

    member _.Header(size: int) =
        header <- Scratch.Grown header size
        header

    member _.Compressed(size: int) =
        compressed <- Scratch.Grown compressed size
        compressed

    member _.Plain(size: int) =
        plain <- Scratch.Grown plain size
        plain

/// Page headers are tens of bytes (a few hundred with long statistics); a first read of 256 bytes almost always
/// holds the whole header, a second of 64 KiB any header a writer of numbers produces.
let private headerAt (file: SafeFileHandle) (pos: int64) (remaining: int64) (scratch: Scratch) : PageHeader voption =
    let rec attempt (window: int64) =
        let size = int (min remaining window)
        let bytes = scratch.Header size
        if size <= 0 || not (readExactly file pos (Span<byte>(bytes, 0, size))) then ValueNone
        else
            try
                ValueSome(ParquetPageHeader.read bytes 0 size)
            with ThriftCompact.CutShort when int64 size < remaining && window < 65536L ->
                attempt 65536L
    attempt 256L

/// `count` bytes at `offset`, snappy-decompressed into `dst` (which they must fill exactly) unless `compressed` is false.
let private pageBytes (file: SafeFileHandle) (offset: int64) (count: int) (compressed: bool) (scratch: Scratch) (dst: Span<byte>) =
    if not compressed then
        count = dst.Length && readExactly file offset dst
    else
        let bytes = scratch.Compressed count
        readExactly file offset (Span<byte>(bytes, 0, count))
        && Snappier.Snappy.Decompress(ReadOnlySpan<byte>(bytes, 0, count), dst) = dst.Length

/// Whether the definition levels at the start of a v1 page's bytes — a 4-byte length, then the RLE/bit-packed hybrid
/// of bit width 1 — say that all `values` are present: one RLE run (header varint = run length · 2) of the value 1
/// covering the page. Returns the length of the level section (4 + its length), or -1.
let private presentLevels (page: Span<byte>) (values: int) : int =
    if page.Length < 6 then -1
    else
        let length = BinaryPrimitives.ReadInt32LittleEndian page
        let mutable run = 0UL
        let mutable shift = 0
        let mutable i = 4
        let mutable more = true
        while more && i < page.Length && shift < 64 do
            let b = page.[i]
            run <- run ||| (uint64 (b &&& 0x7Fuy) <<< shift)
            shift <- shift + 7
            i <- i + 1
            more <- b &&& 0x80uy <> 0uy
        if more || run &&& 1UL <> 0UL || run >>> 1 < uint64 values || i >= page.Length || page.[i] <> 1uy
           || length < i + 1 - 4 || 4 + length > page.Length then
            -1
        else
            4 + length

/// A v1 data page: [definition levels when optional, RLE-encoded] values, the whole compressed as one.
let private pageV1 file (h: PageHeader) (data: int64) (snappy: bool) (optional: bool) (scratch: Scratch) (values: Span<byte>) =
    if not optional then
        h.UncompressedBytes = values.Length && pageBytes file data h.CompressedBytes snappy scratch values
    elif h.DefinitionEncoding <> 3 then false
    else
        let plain = Span<byte>(scratch.Plain h.UncompressedBytes, 0, h.UncompressedBytes)
        if not (pageBytes file data h.CompressedBytes snappy scratch plain) then false
        else
            let levels = presentLevels plain (values.Length / 8)
            if levels < 0 || plain.Length - levels <> values.Length then false
            else
                plain.Slice(levels).CopyTo values
                true

/// A v2 data page: repetition and definition levels uncompressed, then the values, compressed when it says so.
let private pageV2 file (h: PageHeader) (data: int64) (snappy: bool) (scratch: Scratch) (values: Span<byte>) =
    let levels = h.DefinitionBytes + h.RepetitionBytes
    h.Nulls = 0 && h.RepetitionBytes = 0 && h.DefinitionBytes >= 0
    && h.UncompressedBytes - levels = values.Length
    && pageBytes file (data + int64 levels) (h.CompressedBytes - levels) (snappy && h.ValuesCompressed) scratch values

/// The pages of one chunk into `dst` (8 bytes a value), in order; false at the first page it does not take.
let private readPages (file: SafeFileHandle) (chunk: Chunk) (optional: bool) (scratch: Scratch) (dst: Span<byte>) =
    let count = dst.Length / 8
    let snappy = chunk.Codec = Codec.snappy
    let start = chunk.Start
    let stop = start + chunk.CompressedBytes
    let mutable pos = start
    let mutable written = 0
    let mutable ok = true
    while ok && written < count do
        match headerAt file pos (stop - pos) scratch with
        | ValueNone -> ok <- false
        | ValueSome h ->
            let data = pos + int64 h.HeaderBytes
            pos <- data + int64 h.CompressedBytes
            if h.Encoding <> 0 || h.Values <= 0 || h.Values > count - written || h.CompressedBytes < 0 || pos > stop then
                ok <- false
            else
                let values = dst.Slice(written * 8, h.Values * 8)
                ok <-
                    if h.Kind = PageKind.dataV1 then pageV1 file h data snappy optional scratch values
                    elif h.Kind = PageKind.dataV2 then pageV2 file h data snappy scratch values
                    else false
                written <- written + h.Values
    ok && written = count

/// Reads the chunk of `count` values of physical type `physical` (DOUBLE into float[], INT64 into int64[]) into
/// dst[offset .. offset + count - 1]; false when it does not take the chunk (see the module's comment), leaving that
/// range to be overwritten by the caller's other reader.
let tryRead<'T when 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType>
    (file: SafeFileHandle) (physical: int) (chunk: Chunk) (maxDefinition: int) (maxRepetition: int)
    (scratch: Scratch) (dst: 'T[]) (offset: int) (count: int) : bool =
    sizeof<'T> = 8 && not chunk.Elsewhere && chunk.Physical = physical
    && (chunk.Codec = Codec.uncompressed || chunk.Codec = Codec.snappy)
    && maxRepetition = 0 && maxDefinition <= 1 && chunk.Values = int64 count && count > 0
    && chunk.Start > 0L && chunk.Start < Int64.MaxValue
    && (try
            readPages file chunk (maxDefinition = 1) scratch (MemoryMarshal.AsBytes(Span<'T>(dst, offset, count)))
        with
        | :? OutOfMemoryException -> reraise ()
        | _ -> false)
