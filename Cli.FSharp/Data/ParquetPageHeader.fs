/// The fields of a Parquet page header that reading PLAIN pages needs, decoded from the Thrift compact protocol
/// (Parquet.Net reads page headers internally and does not expose them). Every other field, and any field a newer
/// writer adds, is skipped by its Thrift type.
module Descent.ParquetPageHeader

open System

/// Parquet's PageType values.
[<RequireQualifiedAccess>]
module PageKind =
    let dataV1 = 0
    let dictionary = 2
    let dataV2 = 3

/// One page header: its kind, sizes and, for a data page, the values it holds and how they are encoded.
type PageHeader =
    { Kind: int
      UncompressedBytes: int
      CompressedBytes: int
      /// Values in the page, nulls included.
      Values: int
      /// Parquet's Encoding of the values (0 = PLAIN).
      Encoding: int
      /// Data page v1 only: the Encoding of its definition levels (3 = RLE, the hybrid every writer uses).
      DefinitionEncoding: int
      /// Data page v2 only: nulls, and the byte lengths of the (never compressed) level sections before the values.
      Nulls: int
      DefinitionBytes: int
      RepetitionBytes: int
      /// Data page v2 only: whether the values section is compressed (Thrift default true).
      ValuesCompressed: bool
      /// The length of the header itself; the page's data follows it.
      HeaderBytes: int }

/// The header ran past the bytes given: read more of the file and try again.
exception HeaderCutShort

/// Thrift compact protocol over `bytes[start .. limit - 1]`.
type private CompactReader(bytes: byte[], start: int, limit: int) =
    let mutable pos = start

    member _.Consumed = pos - start

    member _.Byte() =
        if pos >= limit then raise HeaderCutShort
        let b = bytes.[pos]
        pos <- pos + 1
        b

    member r.Skip(count: int) =
        if count < 0 then invalidOp "negative length"
        if pos + count > limit then raise HeaderCutShort
        pos <- pos + count

    /// An unsigned LEB128 varint.
    member r.Varint() : uint64 =
        let mutable value = 0UL
        let mutable shift = 0
        let mutable more = true
        while more do
            if shift > 63 then invalidOp "varint longer than 64 bits"
            let b = r.Byte()
            value <- value ||| (uint64 (b &&& 0x7Fuy) <<< shift)
            shift <- shift + 7
            more <- b &&& 0x80uy <> 0uy
        value

    /// A zigzag varint (i16, i32, i64): 0, -1, 1, -2, … are 0, 1, 2, 3, ….
    member r.Int() : int64 =
        let v = r.Varint()
        int64 (v >>> 1) ^^^ -(int64 (v &&& 1UL))

    member r.Int32() = int (r.Int())

    /// Skips one value of compact type `t`.
    member r.SkipValue(t: int) =
        match t with
        | 1 | 2 -> () // a boolean field holds its value in its type
        | 3 -> r.Skip 1
        | 4 | 5 | 6 -> r.Varint() |> ignore
        | 7 -> r.Skip 8
        | 8 -> r.Skip(int (r.Varint()))
        | 9 | 10 ->
            let h = int (r.Byte())
            let size = if h >>> 4 = 15 then int (r.Varint()) else h >>> 4
            let element = h &&& 15
            for _ in 1..size do
                if element = 1 || element = 2 then r.Skip 1 else r.SkipValue element
        | 11 ->
            let size = int (r.Varint())
            if size > 0 then
                let kv = int (r.Byte())
                for _ in 1..size do
                    r.SkipValue(kv >>> 4)
                    r.SkipValue(kv &&& 15)
        | 12 -> r.Fields(fun _ t -> r.SkipValue t)
        | 13 -> r.Skip 16
        | _ -> invalidOp $"unknown Thrift compact type {t}"

    /// Reads a struct's fields up to its stop byte, calling `field id type` for each; `field` reads or skips it.
    member r.Fields(field: int -> int -> unit) =
        let mutable id = 0
        let mutable more = true
        while more do
            let h = int (r.Byte())
            if h = 0 then more <- false
            else
                let delta = h >>> 4
                id <- if delta = 0 then int (r.Int()) else id + delta
                field id (h &&& 15)

/// Where each i32 field the reader keeps goes, in one array of slots, with the defaults of the fields a header
/// may leave out.
[<RequireQualifiedAccess>]
module private Slot =
    let kind, uncompressed, compressed, values, encoding, definitionEncoding, nulls, definitionBytes, repetitionBytes =
        0, 1, 2, 3, 4, 5, 6, 7, 8
    let defaults () = [| -1; 0; 0; 0; -1; -1; 0; 0; 0 |]

/// Field id → slot of the i32 fields kept, per struct: PageHeader, DataPageHeader, DataPageHeaderV2.
let private pageHeaderSlots = [ 1, Slot.kind; 2, Slot.uncompressed; 3, Slot.compressed ]
let private dataPageSlots = [ 1, Slot.values; 2, Slot.encoding; 3, Slot.definitionEncoding ]
let private dataPageV2Slots =
    [ 1, Slot.values; 2, Slot.nulls; 4, Slot.encoding; 5, Slot.definitionBytes; 6, Slot.repetitionBytes ]

/// Reads a struct: each i32 field listed in `slots` into ints[slot]; `other id type` reads or skips the rest.
let private readStruct (r: CompactReader) (slots: (int * int) list) (ints: int[]) (other: int -> int -> unit) =
    r.Fields(fun id t ->
        match (if t = 5 then slots |> List.tryFind (fun (i, _) -> i = id) else None) with
        | Some(_, slot) -> ints.[slot] <- r.Int32()
        | None -> other id t)

/// Decodes the page header at bytes[start ..] (at most `length` bytes of it); raises HeaderCutShort when it is
/// longer, and InvalidOperationException when the bytes are not a Thrift struct.
let read (bytes: byte[]) (start: int) (length: int) : PageHeader =
    let r = CompactReader(bytes, start, start + length)
    let ints = Slot.defaults ()
    let valuesCompressed = ref true
    readStruct r pageHeaderSlots ints (fun id t ->
        match id, t with
        | 5, 12 -> readStruct r dataPageSlots ints (fun _ t -> r.SkipValue t)
        | 8, 12 ->
            readStruct r dataPageV2Slots ints (fun id t ->
                // is_compressed, a boolean held in the field's type.
                if id = 7 && (t = 1 || t = 2) then valuesCompressed.Value <- (t = 1) else r.SkipValue t)
        | _ -> r.SkipValue t)
    { Kind = ints.[Slot.kind]
      UncompressedBytes = ints.[Slot.uncompressed]
      CompressedBytes = ints.[Slot.compressed]
      Values = ints.[Slot.values]
      Encoding = ints.[Slot.encoding]
      DefinitionEncoding = ints.[Slot.definitionEncoding]
      Nulls = ints.[Slot.nulls]
      DefinitionBytes = ints.[Slot.definitionBytes]
      RepetitionBytes = ints.[Slot.repetitionBytes]
      ValuesCompressed = valuesCompressed.Value
      HeaderBytes = r.Consumed }
