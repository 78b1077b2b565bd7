/// The Thrift compact protocol, the encoding of Parquet's metadata (its footer and its page headers), read from a
/// byte array: enough to take the fields descent needs and skip every other one by its type, including fields a newer
/// writer adds. Parquet.Net decodes the same structures internally and exposes neither its decoder nor page headers.
module Descent.ThriftCompact

open System
open System.Text

/// The structure ran past the bytes given: read more of the file and try again.
exception CutShort

/// Compact type ids (literals, so that they match in patterns; a tuple binding of them would be built, and its
/// generic accessors JIT-compiled, at the module's first use).
[<RequireQualifiedAccess>]
module Kind =
    [<Literal>]
    let BoolTrue = 1

    [<Literal>]
    let BoolFalse = 2

    [<Literal>]
    let I8 = 3

    [<Literal>]
    let I32 = 5

    [<Literal>]
    let I64 = 6

    [<Literal>]
    let Binary = 8

    [<Literal>]
    let List = 9

    [<Literal>]
    let Struct = 12

/// Thrift compact protocol over `bytes[start .. limit - 1]`.
type Reader(bytes: byte[], start: int, limit: int) =
    let mutable pos = start

    member _.Consumed = pos - start

    member _.Byte() =
        if pos >= limit then raise CutShort
        let b = bytes.[pos]
        pos <- pos + 1
        b

    member r.Skip(count: int) =
        if count < 0 then invalidOp "negative length"
        if pos + count > limit then raise CutShort
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

    /// A binary field as UTF-8 text.
    member r.Text() : string =
        let length = int (r.Varint())
        let at = pos
        r.Skip length
        Encoding.UTF8.GetString(bytes, at, length)

    /// A list's (or set's) header: (elements, element type).
    member r.ListHeader() =
        let h = int (r.Byte())
        let size = if h >>> 4 = 15 then int (r.Varint()) else h >>> 4
        if size < 0 then invalidOp "negative list size"
        size, h &&& 15

    /// Skips one value of compact type `t`.
    member r.SkipValue(t: int) =
        match t with
        | 1 | 2 -> () // a boolean field holds its value in its type
        | 3 -> r.Skip 1
        | 4 | 5 | 6 -> r.Varint() |> ignore
        | 7 -> r.Skip 8
        | 8 -> r.Skip(int (r.Varint()))
        | 9 | 10 ->
            let size, element = r.ListHeader()
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

    /// A list of structs, each read by `element` (which reads its fields with Fields); a list of another element
    /// type is refused.
    member r.Structs(element: unit -> 'a) : 'a[] =
        let size, t = r.ListHeader()
        if t <> Kind.Struct then invalidOp $"a list of Thrift type {t} where structs were expected"
        let items = Array.zeroCreate size
        for i in 0 .. size - 1 do
            items.[i] <- element ()
        items
