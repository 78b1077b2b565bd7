/// JSON writing helpers (System.Text.Json's Utf8JsonWriter: doubles in shortest round-trip form).
module Descent.Json

open System.IO
open System.Text.Json

let private options = JsonWriterOptions(Indented = true)

/// Where a document stops being JSON, in the program's words ("not valid JSON at line 3, byte 7"; an empty one is
/// "empty, not JSON") rather than System.Text.Json's message, which describes its reader's state and counts from 0.
let invalid (text: string) (ex: JsonException) =
    if System.String.IsNullOrWhiteSpace text then "empty, not JSON"
    else
        match ex.LineNumber, ex.BytePositionInLine with
        | line, byte when line.HasValue && byte.HasValue -> $"not valid JSON at line {line.Value + 1L}, byte {byte.Value + 1L}"
        | _ -> "not valid JSON"

/// Writes one JSON document to a string.
let toText (write: Utf8JsonWriter -> unit) : string =
    use ms = new MemoryStream()
    do
        use w = new Utf8JsonWriter(ms, options)
        write w
    System.Text.Encoding.UTF8.GetString(ms.ToArray())

/// Writes one JSON document as a single line (no indentation, no line break inside): a journal record.
let toLine (write: Utf8JsonWriter -> unit) : byte[] =
    use ms = new MemoryStream()
    do
        use w = new Utf8JsonWriter(ms)
        write w
    ms.ToArray()

/// An array property of `values`, each written by `write`.
let array (w: Utf8JsonWriter) (name: string) (write: Utf8JsonWriter -> 'a -> unit) (values: 'a seq) =
    w.WriteStartArray name
    for v in values do
        write w v
    w.WriteEndArray()

/// An array property of objects, one per item, whose fields `fields` writes.
let objects (w: Utf8JsonWriter) (name: string) (fields: Utf8JsonWriter -> 'a -> unit) (items: 'a seq) =
    array w name (fun w item -> w.WriteStartObject(); fields w item; w.WriteEndObject()) items

let numbers (w: Utf8JsonWriter) (name: string) (values: float seq) = array w name (fun w (v: float) -> w.WriteNumberValue v) values

let strings (w: Utf8JsonWriter) (name: string) (values: string seq) = array w name (fun w (v: string) -> w.WriteStringValue v) values

/// A number, or null where it is not finite (±∞, NaN): plotly.js leaves a null out of a trace, and JSON has no
/// other way to say it.
let finiteOrNull (w: Utf8JsonWriter) (v: float) =
    if System.Double.IsFinite v then w.WriteNumberValue v else w.WriteNullValue()

/// An array of numbers, null where one is not finite (see finiteOrNull).
let finiteOrNulls (w: Utf8JsonWriter) (name: string) (values: float seq) = array w name finiteOrNull values

/// A property holding an object whose fields `fields` writes.
let nestedObject (w: Utf8JsonWriter) (name: string) (fields: Utf8JsonWriter -> unit) =
    w.WriteStartObject name
    fields w
    w.WriteEndObject()

/// Class-major weights as numpy's W.tolist() of shape (d, K), flattened to d numbers when K = 1 (the lesson's W).
let weights (w: Utf8JsonWriter) (name: string) (features: int) (outputs: int) (values: float[]) =
    if outputs = 1 then
        numbers w name values
    else
        w.WriteStartArray name
        for j in 0 .. features - 1 do
            w.WriteStartArray()
            for k in 0 .. outputs - 1 do
                w.WriteNumberValue values.[k * features + j]
            w.WriteEndArray()
        w.WriteEndArray()

/// A network's weights as the list of its layers' matrices (each a list of rows), named `name`.
let layers (w: Utf8JsonWriter) (name: string) (matrices: float[][][]) =
    w.WriteStartArray name
    for matrix in matrices do
        w.WriteStartArray()
        for row in matrix do
            w.WriteStartArray()
            for v in row do
                w.WriteNumberValue v
            w.WriteEndArray()
        w.WriteEndArray()
    w.WriteEndArray()

/// Reads weights written by `weights` back into class-major order.
let readWeights (features: int) (outputs: int) (e: JsonElement) : float[] =
    let rows = [| for r in e.EnumerateArray() -> r |]
    if outputs = 1 then
        rows |> Array.map _.GetDouble()
    else
        Array.init (features * outputs) (fun i -> rows.[i % features].[i / features].GetDouble())
