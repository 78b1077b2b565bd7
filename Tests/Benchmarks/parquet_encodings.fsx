// Rewrites a Parquet table of double features and an int64 label with Apache's writer (ParquetSharp) as other tools
// write theirs: dictionary encoding (falling back to PLAIN when a column's dictionary outgrows its page, as pyarrow's
// and Spark's defaults do) and snappy, in the same row groups; or, with "plain", PLAIN pages without a dictionary.
// Usage: dotnet fsi Tests/Benchmarks/parquet_encodings.fsx IN.parquet OUT.parquet dictionary|plain
#r "nuget: ParquetSharp, 25.0.1.2"

open System
open ParquetSharp

let args = fsi.CommandLineArgs |> Array.skip 1
let input, output, encoding = args.[0], args.[1], args.[2]

let reader = new ParquetFileReader(input)
let schema = reader.FileMetaData.Schema
let names = Array.init schema.NumColumns (fun c -> schema.Column(c).Name)
let isLabel c = c = names.Length - 1
let columns: Column[] =
    names |> Array.mapi (fun c name -> if isLabel c then Column<int64>(name) :> Column else Column<float>(name) :> Column)
let builder = (new WriterPropertiesBuilder()).Compression(Compression.Snappy)
let properties = (if encoding = "plain" then builder.DisableDictionary() else builder.EnableDictionary()).Build()
let writer = new ParquetFileWriter(output, columns, properties)
for g in 0 .. reader.FileMetaData.NumRowGroups - 1 do
    use source = reader.RowGroup g
    let n = int source.MetaData.NumRows
    use target = writer.AppendRowGroup()
    for c in 0 .. names.Length - 1 do
        use column = source.Column c
        if isLabel c then
            let values = column.LogicalReader<int64>().ReadAll n
            use w = target.NextColumn().LogicalWriter<int64>()
            w.WriteBatch values
        else
            let values = column.LogicalReader<float>().ReadAll n
            use w = target.NextColumn().LogicalWriter<float>()
            w.WriteBatch values
let groups = reader.FileMetaData.NumRowGroups
writer.Close()
reader.Dispose()
printfn "wrote %s (%s, snappy, %d row groups, %d bytes)" output encoding groups (IO.FileInfo(output).Length)
