/// The direct reader of PLAIN Parquet pages (ParquetPlainChunk over ParquetPageHeader) against Parquet.Net, which
/// decodes the same chunks independently: the same bits for every chunk it takes (files from ParquetSharp with many
/// pages, v1 and v2, snappy and uncompressed, required and optional columns; files descent and Parquet.Net wrote),
/// every chunk it must not take left alone, no decode buffers allocated, and page headers decoded from hand-made
/// Thrift bytes with fields it does not know.
module Descent.Tests.ParquetPlainChunkTests

open System
open System.IO
open NUnit.Framework
open Parquet
open Parquet.Schema
open Descent.Tests.Constraints
open Descent

let private wait (t: Threading.Tasks.ValueTask) = t.AsTask().GetAwaiter().GetResult()

/// Parquet.Net's reader of `file`, disposed after `f`.
let private withReader (file: string) (f: ParquetReader -> 'a) =
    let reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult()
    try f reader finally reader.DisposeAsync().AsTask().GetAwaiter().GetResult()

/// Every DOUBLE and INT64 column chunk of `file`: (row group, column name, taken, direct values = Parquet.Net's).
let private compareChunks (file: string) =
    withReader file <| fun reader ->
    use handle = File.OpenHandle file
    let scratch = ParquetPlainChunk.Scratch()
    [ for g in 0 .. reader.RowGroupCount - 1 do
          let rg = reader.OpenRowGroupReader g
          let n = int rg.RowCount
          for f in reader.Schema.GetDataFields() do
              let chunk = (ParquetFooter.ofColumnChunk (rg.GetMetadata f)).Value
              let take physical (into: 'T[]) =
                  ParquetPlainChunk.tryRead handle physical chunk f.MaxDefinitionLevel f.MaxRepetitionLevel scratch into 3 n
              if f.ClrType = typeof<float> then
                  // The direct values land at offset 3 of a guarded array; nothing around them may change.
                  let direct = Array.create (n + 6) 7.5
                  let taken = take ParquetFooter.Physical.double direct
                  let expected = Array.zeroCreate<float> n
                  if f.IsNullable then
                      let values = Array.zeroCreate<Nullable<float>> n
                      wait (rg.ReadAsync<float>(f, Memory<Nullable<float>> values))
                      values |> Array.iteri (fun i v -> expected.[i] <- if v.HasValue then v.Value else nan)
                  else wait (rg.ReadAsync<float>(f, Memory<float> expected))
                  let bits (a: float[]) = Array.map BitConverter.DoubleToInt64Bits a
                  let same = bits direct.[3 .. n + 2] = bits expected
                  let guards = Array.append direct.[.. 2] direct.[n + 3 ..] |> Array.forall ((=) 7.5)
                  (g, f.Name, taken, same && guards)
              elif f.ClrType = typeof<int64> then
                  let direct = Array.create (n + 6) 77L
                  let taken = take ParquetFooter.Physical.int64 direct
                  let expected = Array.zeroCreate<int64> n
                  if f.IsNullable then
                      let values = Array.zeroCreate<Nullable<int64>> n
                      wait (rg.ReadAsync<int64>(f, Memory<Nullable<int64>> values))
                      values |> Array.iteri (fun i v -> expected.[i] <- v.GetValueOrDefault())
                  else wait (rg.ReadAsync<int64>(f, Memory<int64> expected))
                  let guards = Array.append direct.[.. 2] direct.[n + 3 ..] |> Array.forall ((=) 77L)
                  (g, f.Name, taken, direct.[3 .. n + 2] = expected && guards) ]

/// Doubles that a copy gets wrong if it converts or reorders bytes: signed zeros, subnormals, extremes, NaN, ±∞.
let private awkward (i: int) =
    match i % 9 with
    | 0 -> -0.0
    | 1 -> Double.Epsilon * float i
    | 2 -> Double.MaxValue
    | 3 -> -Double.MinValue / 3.0
    | 4 -> nan
    | 5 -> infinity
    | 6 -> float i * 1e-300
    | 7 -> -float i / 7.0
    | _ -> float i

/// A file descent writes (ParquetWrite: snappy, row groups of 2^17 rows, one page a chunk), 140,000 rows so that
/// there are two row groups, with an integer label (INT64).
let private descentFile (dir: string) =
    let file = Path.Combine(dir, "descent.parquet")
    let n = 140_000
    let x = { Data = Array.init (2 * n) awkward; Rows = n; Cols = 2 }
    use s = File.Create file
    ParquetWrite.write s [| "a"; "b" |] x (Some("y", [| "-4"; "0"; "9" |], Array.init n (fun i -> i % 3)))
    file

/// A file Parquet.Net writes uncompressed: a required and an optional double, in two row groups.
let private uncompressedFile (dir: string) =
    let file = Path.Combine(dir, "uncompressed.parquet")
    let a = DataField<float>("a")
    let b = DataField<Nullable<float>>("b")
    use s = File.Create file
    let w = ParquetWriter.CreateAsync(ParquetSchema(a, b), s, ParquetOptions(CompressionMethod = CompressionMethod.None)).GetAwaiter().GetResult()
    for g in 0..1 do
        use rg = w.CreateRowGroup()
        rg.WriteAsync<float>(a, ReadOnlyMemory<float>(Array.init 1000 (fun i -> awkward (i + g)))).GetAwaiter().GetResult()
        rg.WriteAsync<float>(b, ReadOnlyMemory<Nullable<float>>(Array.init 1000 (fun i -> Nullable(float (i * g) / 3.0)))).GetAwaiter().GetResult()
    w.DisposeAsync().AsTask().GetAwaiter().GetResult()
    file

[<TestCase("plain_pages_v1.parquet")>]
[<TestCase("plain_pages_v2.parquet")>]
let ``every PLAIN chunk ParquetSharp wrote is read as Parquet.Net reads it, except the one holding a null`` (name: string) =
    let chunks = compareChunks (path name)
    Assert.That(chunks.Length, Is.EqualTo 15)
    for g, column, taken, same in chunks do
        if g = 1 && column = "gap" then Assert.That(taken, Is.False, "row group 2 of 'gap' holds a null")
        else
            Assert.That(taken, Is.True, $"row group {g + 1}, column '{column}'")
            Assert.That(same, Is.True, $"row group {g + 1}, column '{column}'")

[<Test>]
let ``every chunk descent and Parquet.Net write is read as Parquet.Net reads it`` () =
    let dir = freshFolder "plain-chunks"
    for file in [ descentFile dir; uncompressedFile dir ] do
        let chunks = compareChunks file
        Assert.That(chunks.Length, Is.EqualTo(if file.EndsWith "descent.parquet" then 6 else 4))
        for g, column, taken, same in chunks do
            Assert.That((taken, same), Is.EqualTo((true, true)), $"{Path.GetFileName file}: row group {g + 1}, column '{column}'")

[<TestCase("types_snappy_dictionary.parquet", "f64")>] // dictionary-encoded
[<TestCase("types_snappy_dictionary.parquet", "i64")>]
[<TestCase("nulls_zstd.parquet", "a")>] // zstd
[<TestCase("nulls_zstd.parquet", "label")>]
[<TestCase("text_feature_gzip.parquet", "x")>] // gzip and a dictionary
let ``a chunk in another encoding or codec is left to Parquet.Net`` (name: string, column: string) =
    let chunks = compareChunks (path name) |> List.filter (fun (_, c, _, _) -> c = column)
    Assert.That(chunks, Is.Not.Empty)
    for g, _, taken, _ in chunks do
        Assert.That(taken, Is.False, $"row group {g + 1}")

[<Test>]
let ``a chunk of another physical type is left to Parquet.Net`` () =
    withReader (path "plain_pages_v1.parquet") <| fun plain ->
    use handle = File.OpenHandle(path "plain_pages_v1.parquet")
    let fields = plain.Schema.GetDataFields()
    let x = (ParquetFooter.ofColumnChunk (plain.RowGroups.[0].GetMetadata fields.[0])).Value
    let label = (ParquetFooter.ofColumnChunk (plain.RowGroups.[0].GetMetadata fields.[4])).Value
    let scratch = ParquetPlainChunk.Scratch()
    // A DOUBLE chunk asked for as INT64 and the other way round; the 8-byte width is the same, the type is not.
    Assert.That(ParquetPlainChunk.tryRead handle ParquetFooter.Physical.int64 x 0 0 scratch (Array.zeroCreate<int64> 1200) 0 1200, Is.False)
    Assert.That(ParquetPlainChunk.tryRead handle ParquetFooter.Physical.double label 0 0 scratch (Array.zeroCreate<float> 1200) 0 1200, Is.False)
    // A row count that is not the chunk's.
    Assert.That(ParquetPlainChunk.tryRead handle ParquetFooter.Physical.double x 0 0 scratch (Array.zeroCreate<float> 1200) 0 1199, Is.False)

[<Test>]
let ``reading a chunk allocates no decode buffers once the worker's page buffer has grown`` () =
    let dir = freshFolder "plain-alloc"
    let file = descentFile dir
    withReader file <| fun reader ->
    use handle = File.OpenHandle file
    let field = reader.Schema.GetDataFields().[0]
    let chunk = (ParquetFooter.ofColumnChunk (reader.RowGroups.[0].GetMetadata field)).Value
    let n = int reader.RowGroups.[0].RowCount
    let dst = Array.zeroCreate<float> n
    let scratch = ParquetPlainChunk.Scratch()
    let read () = ParquetPlainChunk.tryRead handle ParquetFooter.Physical.double chunk 0 0 scratch dst 0 n
    Assert.That(read (), Is.True)
    let before = GC.GetAllocatedBytesForCurrentThread()
    Assert.That(read (), Is.True)
    let allocated = GC.GetAllocatedBytesForCurrentThread() - before
    // The page header's few small objects; the 1 MiB page itself goes from the file into `dst`.
    Assert.That(allocated, Is.LessThan 4096L, $"{allocated} bytes for a chunk of {n * 8} bytes")

/// Thrift compact bytes, written by hand for the page header tests.
module private Compact =
    let varint (v: uint64) =
        [ let mutable v = v
          while v >= 0x80UL do
              byte (v &&& 0x7FUL ||| 0x80UL)
              v <- v >>> 7
          byte v ]

    let zigzag (v: int64) = varint (uint64 ((v <<< 1) ^^^ (v >>> 63)))

    /// A field header: the id as a delta from the previous one when it is 1..15, else in full.
    let field (previous: int) (id: int) (kind: int) =
        let delta = id - previous
        if delta > 0 && delta <= 15 then [ byte (delta <<< 4 ||| kind) ] else byte kind :: zigzag (int64 id)

    let i32 previous id (v: int) = field previous id 5 @ zigzag (int64 v)
    let stop = [ 0uy ]

/// A data page v1 header for 100 PLAIN values, with CRC and statistics, and fields from a future writer (ids 9–13:
/// a list of binaries, a map of structs, a double, a boolean, a set of i64) before its data page header (id 5, so
/// given in full) to be skipped by type.
let private headerV1 =
    let statistics = Compact.field 4 5 12 @ Compact.field 0 1 8 @ Compact.varint 8UL @ List.replicate 8 1uy @ Compact.field 1 3 6 @ Compact.zigzag 0L @ Compact.stop
    let dataPage = Compact.i32 0 1 100 @ Compact.i32 1 2 0 @ Compact.i32 2 3 3 @ Compact.i32 3 4 3 @ statistics @ Compact.stop
    List.concat
        [ Compact.i32 0 1 0
          Compact.i32 1 2 800
          Compact.i32 2 3 810
          Compact.i32 3 4 -5
          Compact.field 4 9 9 @ [ 0x28uy ] @ Compact.varint 2UL @ [ 97uy; 98uy ] @ Compact.varint 0UL
          Compact.field 9 10 11 @ Compact.varint 1UL @ [ 0x5Cuy ] @ Compact.zigzag 7L @ Compact.stop
          Compact.field 10 11 7 @ List.replicate 8 0x40uy
          Compact.field 11 12 1
          Compact.field 12 13 10 @ [ 0x36uy ] @ List.concat [ for v in [ 1L; -2L; 300L ] -> Compact.zigzag v ]
          Compact.field 13 5 12 @ dataPage
          Compact.stop ]
    |> Array.ofList

[<Test>]
let ``a page header is decoded past fields it does not know`` () =
    let bytes = Array.append [| 0xEEuy; 0xEEuy |] (Array.append headerV1 [| 0xEEuy |])
    let h = ParquetPageHeader.read bytes 2 (bytes.Length - 2)
    Assert.That(h.Kind, Is.EqualTo ParquetPageHeader.PageKind.dataV1)
    Assert.That((h.UncompressedBytes, h.CompressedBytes, h.Values, h.Encoding, h.DefinitionEncoding), Is.EqualTo((800, 810, 100, 0, 3)))
    Assert.That(h.HeaderBytes, Is.EqualTo headerV1.Length)

[<Test>]
let ``a data page v2 header gives its nulls, level lengths and whether its values are compressed`` () =
    let v2 =
        List.concat
            [ Compact.i32 0 1 3; Compact.i32 1 2 500; Compact.i32 2 3 420
              Compact.field 3 8 12
              Compact.i32 0 1 60 @ Compact.i32 1 2 2 @ Compact.i32 2 3 60 @ Compact.i32 3 4 0 @ Compact.i32 4 5 12 @ Compact.i32 5 6 0
              Compact.field 6 7 2 @ Compact.stop
              Compact.stop ]
        |> Array.ofList
    let h = ParquetPageHeader.read v2 0 v2.Length
    Assert.That(h.Kind, Is.EqualTo ParquetPageHeader.PageKind.dataV2)
    Assert.That((h.Values, h.Nulls, h.DefinitionBytes, h.RepetitionBytes, h.ValuesCompressed), Is.EqualTo((60, 2, 12, 0, false)))
    Assert.That((h.UncompressedBytes, h.CompressedBytes, h.HeaderBytes), Is.EqualTo((500, 420, v2.Length)))

[<Test>]
let ``a page header cut short at any byte asks for more, and bytes that are not Thrift are refused`` () =
    for length in 0 .. headerV1.Length - 1 do
        let cut =
            try
                ParquetPageHeader.read headerV1 0 length |> ignore
                false
            with ThriftCompact.CutShort -> true
        Assert.That(cut, Is.True, $"{length} of {headerV1.Length} bytes")
    let garbage = Array.create 64 0xFFuy
    Assert.Throws<InvalidOperationException>(fun () -> ParquetPageHeader.read garbage 0 garbage.Length |> ignore) |> ignore

[<TestCase("plain_pages_v1.parquet")>]
[<TestCase("plain_pages_v2.parquet")>]
let ``a table of PLAIN pages loads as the numbers it holds, its null dropped under DropMissing`` (name: string) =
    let ds = DataLoad.load (Csv { DataSpec.csvFile (path name) with Label = Some "label"; DropMissing = true })
    let kept = Array.init 3000 id |> Array.filter ((<>) 1500)
    Assert.That(ds.Dropped, Is.EqualTo 1)
    Assert.That(ds.FeatureNames, Is.EqualTo [| "x"; "opt"; "raw"; "gap" |])
    Assert.That(Matrix.column ds.X 0, Is.EqualTo(kept |> Array.map (fun i -> float i * 0.37 - 500.0)))
    Assert.That(Matrix.column ds.X 1, Is.EqualTo(kept |> Array.map (fun i -> 1.0 / float (i + 1))))
    Assert.That(Matrix.column ds.X 2, Is.EqualTo(kept |> Array.map (fun i -> float -i * 1e-3)))
    Assert.That(Matrix.column ds.X 3, Is.EqualTo(kept |> Array.map (fun i -> float i * 2.0)))
    Assert.That(ds.Classes, Is.EqualTo [| "0"; "5"; "10" |])
    Assert.That(ds.Y, Is.EqualTo(kept |> Array.map (fun i -> i % 3)))
