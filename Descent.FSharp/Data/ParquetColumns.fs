/// One Parquet column chunk read with ParquetSharp: numbers of any numeric type converted to doubles (a required DOUBLE
/// column straight into the matrix), labels numbered as provisional classes, anything else as text.
module Descent.ParquetColumns

open System
open System.Collections.Generic
open System.Globalization
open System.Text
open ParquetSharp
open Descent.ParquetFile

/// A column type as a message names it.
let private typeName (t: Type) =
    if t = typeof<string> then "text (strings)"
    elif t = typeof<DateTime> || t = typeof<DateTimeOffset> || t = typeof<Date> || t = typeof<DateOnly> then "dates"
    elif t = typeof<TimeSpan> || t = typeof<TimeOnly> then "times of day"
    elif t = typeof<byte[]> then "raw bytes"
    else t.Name

let private numericTypes: Type[] =
    [| typeof<float>; typeof<float32>; typeof<sbyte>; typeof<byte>; typeof<int16>; typeof<uint16>; typeof<int>
       typeof<uint32>; typeof<int64>; typeof<uint64>; typeof<bool>; typeof<decimal> |]

/// Why a column cannot be a feature, or None when it holds numbers.
let featureRefusal (t: Type) : string option =
    if Array.contains t numericTypes then None
    else
        Some
            $"holds {typeName t}, which are not numbers; a feature column must be float, double, int8–64, unsigned, bool or decimal (choose it as the label with {DataLabel.Token}, or leave it out with {DataIgnore.Token})"

/// Reads `count` values of a column chunk with a logical reader into `into`.
let private readAll (reader: LogicalColumnReader<'T>) (into: Span<'T>) =
    let mutable read = 0
    while read < into.Length do
        let n = reader.ReadBatch(into.Slice read)
        if n = 0 then invalidOp "the column chunk holds fewer values than its row group's rows"
        read <- read + n

/// A chunk of `count` values as doubles into dst[offset ..]; the rows (relative) holding null are added to `nulls`
/// (their slots set to 0).
let private readConverted<'T when 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType>
    (column: ColumnReader) (optional: bool) (count: int) (convert: 'T -> float) (dst: float[]) (offset: int) (nulls: ResizeArray<int>) =
    if optional then
        use r = column.LogicalReader<Nullable<'T>>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<Nullable<'T>> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            let v = values.[i]
            if v.HasValue then dst.[offset + i] <- convert v.Value
            else
                dst.[offset + i] <- 0.0
                nulls.Add i
    else
        use r = column.LogicalReader<'T>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<'T> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            dst.[offset + i] <- convert values.[i]

/// A numeric column chunk as doubles (see featureRefusal for the types): a required DOUBLE column straight into the
/// matrix through the physical reader, anything else through a logical reader and a conversion.
let readNumbers (column: ColumnReader) (c: Column) (count: int) (dst: float[]) (offset: int) (nulls: ResizeArray<int>) =
    let t = c.Type
    if t = typeof<float> && not c.Optional && c.Physical = PhysicalType.Double then
        let physical = column :?> ColumnReader<float>
        let mutable read = 0
        while read < count do
            let mutable values = 0L
            let levels = physical.ReadBatch(int64 (count - read), Span<float>(dst, offset + read, count - read), &values)
            if levels = 0L then invalidOp "the column chunk holds fewer values than its row group's rows"
            read <- read + int values
    elif t = typeof<float> then readConverted<float> column c.Optional count id dst offset nulls
    elif t = typeof<float32> then readConverted<float32> column c.Optional count float dst offset nulls
    elif t = typeof<sbyte> then readConverted<sbyte> column c.Optional count float dst offset nulls
    elif t = typeof<byte> then readConverted<byte> column c.Optional count float dst offset nulls
    elif t = typeof<int16> then readConverted<int16> column c.Optional count float dst offset nulls
    elif t = typeof<uint16> then readConverted<uint16> column c.Optional count float dst offset nulls
    elif t = typeof<int> then readConverted<int> column c.Optional count float dst offset nulls
    elif t = typeof<uint32> then readConverted<uint32> column c.Optional count float dst offset nulls
    elif t = typeof<int64> then readConverted<int64> column c.Optional count float dst offset nulls
    elif t = typeof<uint64> then readConverted<uint64> column c.Optional count float dst offset nulls
    elif t = typeof<bool> then readConverted<bool> column c.Optional count (fun b -> if b then 1.0 else 0.0) dst offset nulls
    elif t = typeof<decimal> then readConverted<decimal> column c.Optional count float dst offset nulls
    else invalidOp $"{t} is not numeric"

/// A chunk's values as text (null for a null): strings as they are, bytes as UTF-8, timestamps in ISO 8601, anything
/// else (dates, times) by its invariant text.
let private readTexts (column: ColumnReader) (count: int) : string[] =
    use logical = column.LogicalReader(1 <<< 16)
    logical.Apply
        { new ILogicalColumnReaderVisitor<string[]> with
            member _.OnLogicalColumnReader<'V>(r: LogicalColumnReader<'V>) =
                let values = Array.zeroCreate<'V> count
                readAll r (Span values)
                values
                |> Array.map (fun v ->
                    match box v with
                    | null -> null
                    | :? string as s -> s
                    | :? (byte[]) as b -> Encoding.UTF8.GetString b
                    | :? DateTime as t -> t.ToString("o", CultureInfo.InvariantCulture)
                    | :? IFormattable as f -> f.ToString(null, CultureInfo.InvariantCulture)
                    | o -> string o) }

/// The provisional classes of a numeric label chunk into ids[offset ..] (-1 for a null): each distinct value is named
/// once, by `name`, and looked up by value for every row.
let private numericLabelIds<'T when 'T: equality and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType>
    (column: ColumnReader) (optional: bool) (count: int) (name: 'T -> string) (labels: LabelCollector) (ids: int[]) (offset: int) =
    let known = Dictionary<'T, int>()
    let idOf (v: 'T) =
        let mutable id = 0
        if not (known.TryGetValue(v, &id)) then
            id <- labels.Add((name v).AsSpan())
            known.[v] <- id
        id
    if optional then
        use r = column.LogicalReader<Nullable<'T>>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<Nullable<'T>> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            ids.[offset + i] <- if values.[i].HasValue then idOf values.[i].Value else -1
    else
        use r = column.LogicalReader<'T>(1 <<< 16)
        let values = GC.AllocateUninitializedArray<'T> count
        readAll r (Span values)
        for i in 0 .. count - 1 do
            ids.[offset + i] <- idOf values.[i]

/// A label chunk: each row's provisional class from `labels` into ids[offset ..], -1 for a null. A number's class is
/// named by its round-trip text ("2", "0.5"), a bool's by 0 and 1, anything else by its text (readTexts).
let readLabels (column: ColumnReader) (c: Column) (count: int) (labels: LabelCollector) (ids: int[]) (offset: int) =
    let invariant (v: 'T :> IFormattable) = v.ToString(null, CultureInfo.InvariantCulture)
    let t = c.Type
    let o = c.Optional
    if t = typeof<int64> then numericLabelIds<int64> column o count invariant labels ids offset
    elif t = typeof<int> then numericLabelIds<int> column o count invariant labels ids offset
    elif t = typeof<int16> then numericLabelIds<int16> column o count invariant labels ids offset
    elif t = typeof<sbyte> then numericLabelIds<sbyte> column o count invariant labels ids offset
    elif t = typeof<byte> then numericLabelIds<byte> column o count invariant labels ids offset
    elif t = typeof<uint16> then numericLabelIds<uint16> column o count invariant labels ids offset
    elif t = typeof<uint32> then numericLabelIds<uint32> column o count invariant labels ids offset
    elif t = typeof<uint64> then numericLabelIds<uint64> column o count invariant labels ids offset
    elif t = typeof<decimal> then numericLabelIds<decimal> column o count (fun v -> (float v).ToString("R", CultureInfo.InvariantCulture)) labels ids offset
    elif t = typeof<bool> then numericLabelIds<bool> column o count (fun b -> if b then "1" else "0") labels ids offset
    elif t = typeof<float> then numericLabelIds<float> column o count (fun v -> v.ToString("R", CultureInfo.InvariantCulture)) labels ids offset
    elif t = typeof<float32> then numericLabelIds<float32> column o count (fun v -> (float v).ToString("R", CultureInfo.InvariantCulture)) labels ids offset
    else
        let values = readTexts column count
        for i in 0 .. count - 1 do
            let v = values.[i]
            ids.[offset + i] <- if String.IsNullOrWhiteSpace v then -1 else labels.Add(v.AsSpan())

