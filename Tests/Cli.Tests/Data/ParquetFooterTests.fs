/// descent's own decoder of Parquet footers (ParquetFooter) against Parquet.Net's, which decodes the same files
/// independently: for every file it takes — ParquetSharp's fixtures of doubles and int64s, files descent and
/// Parquet.Net write — the same columns, row groups and column chunks; every file with another column type, an
/// annotation that changes what the numbers mean, a nested column, or damage, left to Parquet.Net.
module Descent.Tests.ParquetFooterTests

open System
open System.IO
open NUnit.Framework
open Parquet
open Parquet.Schema
open Descent.Tests.Constraints
open Descent

let private decoded (file: string) =
    use handle = File.OpenHandle file
    ParquetFooter.tryRead handle (RandomAccess.GetLength handle)

/// Parquet.Net's view of `file` in the decoder's terms: (name, physical type, optional) per column, rows per row group,
/// and each group's chunks.
let private parquetNetView (file: string) =
    let reader = ParquetReader.CreateAsync(file).GetAwaiter().GetResult()
    try
        let fields = reader.Schema.GetDataFields()
        let physical (f: DataField) =
            if f.ClrType = typeof<float> then ParquetFooter.Physical.double
            elif f.ClrType = typeof<int64> then ParquetFooter.Physical.int64
            else -1
        let columns = fields |> Array.map (fun f -> f.Name, physical f, f.IsNullable)
        let rows = Array.init reader.RowGroupCount (fun g -> reader.RowGroups.[g].RowCount)
        let chunks =
            Array.init reader.RowGroupCount (fun g ->
                fields |> Array.map (fun f -> (ParquetFooter.ofColumnChunk (reader.RowGroups.[g].GetMetadata f)).Value))
        columns, rows, chunks
    finally
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult()

let private assertSameAsParquetNet (file: string) =
    match decoded file with
    | ValueNone -> Assert.Fail $"{Path.GetFileName file}: the footer was not decoded"
    | ValueSome footer ->
        let columns, rows, chunks = parquetNetView file
        Assert.That(footer.Columns |> Array.map (fun c -> c.Name, c.Physical, c.Optional), Is.EqualTo columns)
        Assert.That(footer.GroupRows, Is.EqualTo rows)
        Assert.That(footer.Chunks, Is.EqualTo chunks)

[<TestCase("plain_pages_v1.parquet")>]
[<TestCase("plain_pages_v2.parquet")>]
[<TestCase("nulls_zstd.parquet")>]
let ``a ParquetSharp table of doubles and int64s is decoded as Parquet.Net decodes it`` (name: string) =
    assertSameAsParquetNet (path name)

[<TestCase("types_snappy_dictionary.parquet")>] // floats, small and unsigned integers, bools, decimals, strings
[<TestCase("text_feature_gzip.parquet")>] // a string and an INT32 column
let ``a ParquetSharp table with other column types is left to Parquet.Net`` (name: string) =
    Assert.That((decoded (path name)).IsNone, Is.True)

[<Test>]
let ``descent's and Parquet.Net's own files are decoded as Parquet.Net decodes them`` () =
    let dir = freshFolder "footer-own"
    let ours = Path.Combine(dir, "descent.parquet")
    let n = 140_000
    let x = { Data = Array.init (3 * n) (fun i -> float i * 0.5); Rows = n; Cols = 3 }
    do
        use s = File.Create ours
        ParquetWrite.write s [| "a"; "b"; "c" |] x (Some("y", [| "-4"; "0"; "9" |], Array.init n (fun i -> i % 3)))
    assertSameAsParquetNet ours
    // Parquet.Net's own: required and optional columns of both types, uncompressed, three row groups.
    let theirs = Path.Combine(dir, "parquet-net.parquet")
    let fields: DataField[] =
        [| DataField<float>("d"); DataField<Nullable<float>>("nd"); DataField<int64>("l"); DataField<Nullable<int64>>("nl") |]
    do
        use s = File.Create theirs
        let options = ParquetOptions(CompressionMethod = CompressionMethod.None)
        let w = ParquetWriter.CreateAsync(ParquetSchema(fields |> Array.map (fun f -> f :> Field)), s, options).GetAwaiter().GetResult()
        for g in 0..2 do
            use rg = w.CreateRowGroup()
            let m = 100 + g
            rg.WriteAsync<float>(fields.[0], ReadOnlyMemory<float>(Array.init m float)).GetAwaiter().GetResult()
            rg.WriteAsync<float>(fields.[1], ReadOnlyMemory<Nullable<float>>(Array.init m (fun i -> if i = 7 then Nullable() else Nullable(float i)))).GetAwaiter().GetResult()
            rg.WriteAsync<int64>(fields.[2], ReadOnlyMemory<int64>(Array.init m int64)).GetAwaiter().GetResult()
            rg.WriteAsync<int64>(fields.[3], ReadOnlyMemory<Nullable<int64>>(Array.init m (fun i -> Nullable(int64 (-i))))).GetAwaiter().GetResult()
        w.DisposeAsync().AsTask().GetAwaiter().GetResult()
    assertSameAsParquetNet theirs

/// A file Parquet.Net writes: a double column, then `field` (written by `write`).
let private oneColumn (dir: string) (name: string) (field: DataField) (write: ParquetRowGroupWriter -> unit) =
    let file = Path.Combine(dir, name)
    use s = File.Create file
    let x = DataField<float>("x")
    let w = ParquetWriter.CreateAsync(ParquetSchema(x, field), s).GetAwaiter().GetResult()
    do
        use rg = w.CreateRowGroup()
        rg.WriteAsync<float>(x, ReadOnlyMemory<float>([| 1.0; 2.0 |])).GetAwaiter().GetResult()
        write rg
    w.DisposeAsync().AsTask().GetAwaiter().GetResult()
    file

[<Test>]
let ``a column Parquet.Net reads as something other than double or int64 leaves the file to Parquet.Net`` () =
    let dir = freshFolder "footer-types"
    let cases =
        [ // INT64 annotated as unsigned: the same bits mean other numbers.
          (let f = DataField<uint64>("u")
           oneColumn dir "uint64.parquet" f (fun rg -> rg.WriteAsync<uint64>(f, ReadOnlyMemory<uint64>([| 1UL; UInt64.MaxValue |])).GetAwaiter().GetResult()))
          // INT64 annotated as a timestamp.
          (let f = DataField<DateTime>("t")
           oneColumn dir "timestamp.parquet" f (fun rg -> rg.WriteAsync<DateTime>(f, ReadOnlyMemory<DateTime>([| DateTime(2020, 1, 1); DateTime(2021, 1, 1) |])).GetAwaiter().GetResult()))
          // INT32.
          (let f = DataField<int>("i")
           oneColumn dir "int32.parquet" f (fun rg -> rg.WriteAsync<int>(f, ReadOnlyMemory<int>([| 1; 2 |])).GetAwaiter().GetResult()))
          // A decimal.
          (let f = DecimalDataField("m", 10, 2)
           oneColumn dir "decimal.parquet" f (fun rg -> rg.WriteAsync<decimal>(f, ReadOnlyMemory<decimal>([| 1.5m; 2.25m |])).GetAwaiter().GetResult()))
          // Text.
          (let f = DataField<string>("s")
           oneColumn dir "string.parquet" f (fun rg -> rg.WriteAsync(f, [| "a"; "b" |]).GetAwaiter().GetResult()))
          // A repeated (list) column.
          (let f = DataField<int64[]>("r")
           oneColumn dir "repeated.parquet" f (fun rg ->
               rg.WriteAsync<int64>(f, ReadOnlyMemory<int64>([| 1L; 2L; 3L |]), ReadOnlyMemory<int>([| 0; 1; 0 |])).GetAwaiter().GetResult())) ]
    for file in cases do
        Assert.That(decoded(file).IsNone, Is.True, Path.GetFileName file)

[<Test>]
let ``a damaged or foreign file is left to Parquet.Net, which reports it`` () =
    let dir = freshFolder "footer-damaged"
    let good = File.ReadAllBytes(path "plain_pages_v1.parquet")
    let write name (bytes: byte[]) =
        let file = Path.Combine(dir, name)
        File.WriteAllBytes(file, bytes)
        file
    let footerLength = BitConverter.ToInt32(good, good.Length - 8)
    let cases =
        [ write "truncated.parquet" good.[.. good.Length - 2]
          write "no-footer.parquet" good.[.. good.Length - footerLength - 9]
          // A footer length longer than the file.
          write "long-footer.parquet" (Array.concat [ good.[.. good.Length - 9]; BitConverter.GetBytes(good.Length + 1); "PAR1"B ])
          // The footer's bytes garbled (its first half overwritten with 0xFF: no valid field header).
          write "garbled.parquet" (good |> Array.mapi (fun i b -> if i >= good.Length - 8 - footerLength && i < good.Length - 8 - footerLength / 2 then 0xFFuy else b))
          write "csv.parquet" "a,b\n1,2\n"B
          write "tiny.parquet" "PAR1PAR1"B ]
    for file in cases do
        Assert.That(decoded(file).IsNone, Is.True, Path.GetFileName file)
    // The original decodes, so the cases above differ from it only by their damage.
    Assert.That(decoded(path "plain_pages_v1.parquet").IsSome, Is.True)
