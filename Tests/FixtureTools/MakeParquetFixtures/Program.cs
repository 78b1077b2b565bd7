// The Parquet fixtures of Tests/Fixtures, written by ParquetSharp (Apache Arrow's C++ Parquet writer). Every value is a
// formula of the row number i, so that a test recomputes what it must read (Tests/Cli.Tests/ParquetTests.fs).
using ParquetSharp;

var outDir = args.Length > 0 ? args[0] : ".";
string[] species = ["setosa", "versicolor", "virginica"];

// Every numeric physical and logical type as a feature, a dictionary-encoded string label, snappy, three row groups.
{
    var columns = new Column[]
    {
        new Column<double>("f64"), new Column<float>("f32"), new Column<sbyte>("i8"), new Column<byte>("u8"),
        new Column<short>("i16"), new Column<ushort>("u16"), new Column<int>("i32"), new Column<uint>("u32"),
        new Column<long>("i64"), new Column<ulong>("u64"), new Column<bool>("flag"),
        new Column<decimal>("dec", LogicalType.Decimal(precision: 18, scale: 3)),
        new Column<string>("species"),
    };
    using var props = new WriterPropertiesBuilder().Compression(Compression.Snappy).EnableDictionary().Build();
    using var file = new ParquetFileWriter(Path.Combine(outDir, "types_snappy_dictionary.parquet"), columns, props);
    foreach (var (start, count) in new[] { (0, 400), (400, 400), (800, 200) })
    {
        var rows = Enumerable.Range(start, count).ToArray();
        using var rg = file.AppendRowGroup();
        void Write<T>(Func<int, T> value) { using var w = rg.NextColumn().LogicalWriter<T>(); w.WriteBatch(rows.Select(value).ToArray()); }
        Write(i => i * 0.25 - 100.0);
        Write(i => (float)(i % 17) * 0.5f);
        Write(i => (sbyte)(i % 100 - 50));
        Write(i => (byte)(i % 200));
        Write(i => (short)(i * 3 - 1500));
        Write(i => (ushort)(i * 7));
        Write(i => i * 1000 - 500000);
        Write(i => (uint)i * 4000000u);
        Write(i => (long)i * 10_000_000_000L - 5_000_000_000_000L);
        Write(i => (ulong)i * 1_000_000_007UL);
        Write(i => i % 3 == 0);
        Write(i => (decimal)i / 8m);
        Write(i => species[(i * 7) % 3]);
    }
    file.Close();
}

// Optional columns, zstd, plain (not dictionary) int64 labels, two row groups; one null feature in the second group.
{
    var columns = new Column[] { new Column<double?>("a"), new Column<double?>("b"), new Column<long?>("label") };
    using var props = new WriterPropertiesBuilder().Compression(Compression.Zstd).DisableDictionary().Build();
    using var file = new ParquetFileWriter(Path.Combine(outDir, "nulls_zstd.parquet"), columns, props);
    foreach (var (start, count) in new[] { (0, 50), (50, 50) })
    {
        var rows = Enumerable.Range(start, count).ToArray();
        using var rg = file.AppendRowGroup();
        using (var w = rg.NextColumn().LogicalWriter<double?>()) w.WriteBatch(rows.Select(i => (double?)(i * 0.5)).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<double?>()) w.WriteBatch(rows.Select(i => i == 57 ? null : (double?)(100 - i)).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<long?>()) w.WriteBatch(rows.Select(i => (long?)(i % 2 == 0 ? 10 : 2)).ToArray());
    }
    file.Close();
}

// A text column among the features, gzip.
{
    var columns = new Column[] { new Column<double>("x"), new Column<string>("city"), new Column<int>("y") };
    using var props = new WriterPropertiesBuilder().Compression(Compression.Gzip).Build();
    using var file = new ParquetFileWriter(Path.Combine(outDir, "text_feature_gzip.parquet"), columns, props);
    var rows = Enumerable.Range(0, 20).ToArray();
    using var rg = file.AppendRowGroup();
    using (var w = rg.NextColumn().LogicalWriter<double>()) w.WriteBatch(rows.Select(i => i * 1.5).ToArray());
    using (var w = rg.NextColumn().LogicalWriter<string>()) w.WriteBatch(rows.Select(i => i % 2 == 0 ? "Oslo" : "Lima").ToArray());
    using (var w = rg.NextColumn().LogicalWriter<int>()) w.WriteBatch(rows.Select(i => i % 2).ToArray());
    file.Close();
}
// PLAIN pages, no dictionary, for the reader's direct path of required doubles into the matrix: many small
// pages per chunk (with CRCs in their headers), three row groups, data page v1 and v2, snappy and uncompressed
// columns, required and optional columns, and one null (row 1500 of `gap`).
foreach (var (name, version) in new[] { ("plain_pages_v1.parquet", ParquetDataPageVersion.V1), ("plain_pages_v2.parquet", ParquetDataPageVersion.V2) })
{
    var columns = new Column[]
    {
        new Column<double>("x"), new Column<double?>("opt"), new Column<double>("raw"), new Column<double?>("gap"),
        new Column<long>("label"),
    };
    using var props = new WriterPropertiesBuilder()
        .Compression(Compression.Snappy).Compression("raw", Compression.Uncompressed).Compression("opt", Compression.Uncompressed)
        .DisableDictionary().DataPagesize(2048).WriteBatchSize(100).EnablePageChecksum().DataPageVersion(version).Build();
    using var file = new ParquetFileWriter(Path.Combine(outDir, name), columns, props);
    foreach (var (start, count) in new[] { (0, 1200), (1200, 1200), (2400, 600) })
    {
        var rows = Enumerable.Range(start, count).ToArray();
        using var rg = file.AppendRowGroup();
        using (var w = rg.NextColumn().LogicalWriter<double>()) w.WriteBatch(rows.Select(i => i * 0.37 - 500.0).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<double?>()) w.WriteBatch(rows.Select(i => (double?)(1.0 / (i + 1))).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<double>()) w.WriteBatch(rows.Select(i => -i * 1e-3).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<double?>()) w.WriteBatch(rows.Select(i => i == 1500 ? null : (double?)(i * 2.0)).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<long>()) w.WriteBatch(rows.Select(i => (long)(i % 3) * 5).ToArray());
    }
    file.Close();
}
// Columns that are not features beside two that are, as real tables carry them (Apache's alltypes_plain.parquet has
// the same kinds): an int32 id, raw bytes, a timestamp, a comment, then double features and a bool label; snappy.
{
    var columns = new Column[]
    {
        new Column<int>("id"), new Column<byte[]>("date_string_col"), new Column<DateTime>("ts", LogicalType.Timestamp(true, TimeUnit.Micros)),
        new Column<string>("comment"), new Column<double>("x1"), new Column<double?>("x2"), new Column<bool>("good"),
    };
    using var props = new WriterPropertiesBuilder().Compression(Compression.Snappy).Build();
    using var file = new ParquetFileWriter(Path.Combine(outDir, "mixed_columns.parquet"), columns, props);
    var rows = Enumerable.Range(0, 40).ToArray();
    using var rg = file.AppendRowGroup();
    using (var w = rg.NextColumn().LogicalWriter<int>()) w.WriteBatch(rows.Select(i => 1000 + i).ToArray());
    using (var w = rg.NextColumn().LogicalWriter<byte[]>()) w.WriteBatch(rows.Select(i => System.Text.Encoding.UTF8.GetBytes($"03/{i % 28 + 1:00}/09")).ToArray());
    using (var w = rg.NextColumn().LogicalWriter<DateTime>()) w.WriteBatch(rows.Select(i => new DateTime(2009, 3, 1, 0, 0, 0, DateTimeKind.Utc).AddHours(i)).ToArray());
    using (var w = rg.NextColumn().LogicalWriter<string>()) w.WriteBatch(rows.Select(i => i % 5 == 0 ? "checked" : "").ToArray());
    using (var w = rg.NextColumn().LogicalWriter<double>()) w.WriteBatch(rows.Select(i => i * 0.25).ToArray());
    using (var w = rg.NextColumn().LogicalWriter<double?>()) w.WriteBatch(rows.Select(i => (double?)(10 - i)).ToArray());
    using (var w = rg.NextColumn().LogicalWriter<bool>()) w.WriteBatch(rows.Select(i => i % 3 != 0).ToArray());
    file.Close();
}

// A page whose checksum no longer matches its data: a file written with page checksums (one uncompressed PLAIN page
// per chunk), then a byte of the last value of column `b`'s page changed. Apache's reader refuses it when it verifies
// checksums, and reads a wrong number when it does not.
{
    var path = Path.Combine(outDir, "checksum_corrupt.parquet");
    var columns = new Column[] { new Column<double>("a"), new Column<double>("b"), new Column<long>("y") };
    using (var props = new WriterPropertiesBuilder().Compression(Compression.Uncompressed).DisableDictionary().EnablePageChecksum().Build())
    using (var file = new ParquetFileWriter(path, columns, props))
    {
        var rows = Enumerable.Range(0, 64).ToArray();
        using var rg = file.AppendRowGroup();
        using (var w = rg.NextColumn().LogicalWriter<double>()) w.WriteBatch(rows.Select(i => i * 0.5).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<double>()) w.WriteBatch(rows.Select(i => 100.0 - i).ToArray());
        using (var w = rg.NextColumn().LogicalWriter<long>()) w.WriteBatch(rows.Select(i => (long)(i % 2)).ToArray());
        file.Close();
    }
    // Column b's values as PLAIN stores them: 64 little-endian doubles, found in the file by their bytes.
    var values = Enumerable.Range(0, 64).SelectMany(i => BitConverter.GetBytes(100.0 - i)).ToArray();
    var bytes = File.ReadAllBytes(path);
    var at = bytes.AsSpan().IndexOf(values);
    if (at < 0) throw new InvalidOperationException("column b's page was not found");
    bytes[at + values.Length - 1] ^= 0x40;
    File.WriteAllBytes(path, bytes);
}
Console.WriteLine($"wrote the Parquet fixtures into {Path.GetFullPath(outDir)}");
