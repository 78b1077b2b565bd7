// Parquet.Net 6.1.0's decoding against descent's direct PLAIN reader (Data/ParquetPlainChunk.fs) on one thread: every
// DOUBLE feature chunk of a Parquet table read into one column-major array (touched once before, so that page faults
// of fresh memory are not timed), five rounds each, wall and CPU seconds and bytes allocated (the
// shared machine makes CPU time the fairer clock); the sums must agree.
// Run after `dotnet build Hybrid.sln -c Release`:
//   dotnet fsi --optimize+ Tests/Benchmarks/parquet_readers.fsx /tmp/descent-tables/table_1m_20.parquet
#load "../../scripts/load.fsx"
open System
open System.Diagnostics
open System.IO
open Parquet
open Descent

let path = fsi.CommandLineArgs.[1]
let reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult()
let fields = reader.Schema.GetDataFields() |> Array.filter (fun f -> f.ClrType = typeof<float>)
let rows = reader.RowGroups |> Seq.sumBy (fun g -> int g.RowCount)
let data = Array.create (rows * fields.Length) 0.0
let cpu () = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds

/// Each feature chunk of each row group into its rows of `data`, by `readChunk group field offset count`.
let everyChunk (readChunk: ParquetRowGroupReader -> Schema.DataField -> int -> int -> unit) =
    let mutable start = 0
    for g in 0 .. reader.RowGroupCount - 1 do
        let rg = reader.OpenRowGroupReader g
        let count = int rg.RowCount
        fields |> Array.iteri (fun k f -> readChunk rg f (k * rows + start) count)
        start <- start + count

let parquetNet () =
    everyChunk (fun rg f offset count -> rg.ReadAsync<float>(f, Memory<float>(data, offset, count)).AsTask().GetAwaiter().GetResult())

let direct () =
    use file = File.OpenHandle path
    let scratch = ParquetPlainChunk.Scratch()
    everyChunk (fun rg f offset count ->
        if not (ParquetPlainChunk.tryRead file Parquet.Meta.Type.DOUBLE (rg.GetMetadata f) f.MaxDefinitionLevel f.MaxRepetitionLevel scratch data offset count) then
            failwith $"column '{f.Name}' is not PLAIN doubles the direct reader takes")

for _ in 1..5 do
    for name, read in [ "Parquet.Net", parquetNet; "direct", direct ] do
        let allocated = GC.GetTotalAllocatedBytes true
        let c = cpu ()
        let clock = Stopwatch.StartNew()
        read ()
        let seconds, cpuSeconds = clock.Elapsed.TotalSeconds, cpu () - c
        let sum = Array.sum data
        printfn "%-12s wall %.3f s  cpu %.3f s  allocated %4d MB  (sum %g)" name seconds cpuSeconds ((GC.GetTotalAllocatedBytes true - allocated) >>> 20) sum
