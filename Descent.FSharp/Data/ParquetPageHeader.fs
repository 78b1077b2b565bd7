/// The fields of a Parquet page header that reading PLAIN pages needs, decoded from the Thrift compact protocol
/// (Parquet.Net reads page headers internally and does not expose them). Every other field, and any field a newer
/// writer adds, is skipped by its Thrift type.
module Descent.ParquetPageHeader

open Descent.ThriftCompact

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

/// Where each i32 field the reader keeps goes, in one array of slots, with the defaults of the fields a header
/// may leave out.
[<RequireQualifiedAccess>]
module private Slot =
    // One binding each: a tuple binding of them would be built, and its generic accessors JIT-compiled, at the
    // module's first use.
    let kind = 0
    let uncompressed = 1
    let compressed = 2
    let values = 3
    let encoding = 4
    let definitionEncoding = 5
    let nulls = 6
    let definitionBytes = 7
    let repetitionBytes = 8
    let defaults () = [| -1; 0; 0; 0; -1; -1; 0; 0; 0 |]

/// Field id → slot of the i32 fields kept, per struct: PageHeader, DataPageHeader, DataPageHeaderV2.
let private pageHeaderSlots = [ 1, Slot.kind; 2, Slot.uncompressed; 3, Slot.compressed ]
let private dataPageSlots = [ 1, Slot.values; 2, Slot.encoding; 3, Slot.definitionEncoding ]
let private dataPageV2Slots =
    [ 1, Slot.values; 2, Slot.nulls; 4, Slot.encoding; 5, Slot.definitionBytes; 6, Slot.repetitionBytes ]

/// Reads a struct: each i32 field listed in `slots` into ints[slot]; `other id type` reads or skips the rest.
let private readStruct (r: Reader) (slots: (int * int) list) (ints: int[]) (other: int -> int -> unit) =
    r.Fields(fun id t ->
        match (if t = 5 then slots |> List.tryFind (fun (i, _) -> i = id) else None) with
        | Some(_, slot) -> ints.[slot] <- r.Int32()
        | None -> other id t)

/// Decodes the page header at bytes[start ..] (at most `length` bytes of it); raises ThriftCompact.CutShort when it
/// is longer, and InvalidOperationException when the bytes are not a Thrift struct.
let read (bytes: byte[]) (start: int) (length: int) : PageHeader =
    let r = Reader(bytes, start, start + length)
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
