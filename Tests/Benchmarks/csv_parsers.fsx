// Sep 0.17.1 against Sylvan.Data.Csv 1.4.4 on one thread: parse every cell of a numeric CSV as a double (the work
// descent's reader does per cell), three times each, CPU seconds (the machine is shared, so CPU time is the fairer
// clock) and wall seconds. Run after `dotnet build Hybrid.sln -c Release`:
//   dotnet fsi Tests/Benchmarks/csv_parsers.fsx /tmp/descent-tables/table_1m_20.csv
#load "../../scripts/load.fsx"
#r "nuget: Sylvan.Data.Csv, 1.4.4"
open System
open System.Diagnostics
open System.IO
open nietras.SeparatedValues

let path = fsi.CommandLineArgs.[1]
let megabytes = float (FileInfo(path).Length) / 1e6
let cpu () = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds

let sep () =
    use r = Sep.Reader(fun o -> SepReaderOptions(Nullable(Sep(',')), HasHeader = true, Unescape = true)).FromFile path
    let mutable total = 0.0
    while r.MoveNext() do
        let row = r.Current
        for c in 0 .. row.ColCount - 1 do
            let mutable v = 0.0
            if row.[c].TryParse<float>(&v) then total <- total + v
    total

let sylvan () =
    use r = Sylvan.Data.Csv.CsvDataReader.Create(path)
    let mutable total = 0.0
    while r.Read() do
        for c in 0 .. r.FieldCount - 1 do
            total <- total + r.GetDouble c
    total

for name, parse in [ "Sep", sep; "Sylvan", sylvan; "Sep", sep; "Sylvan", sylvan; "Sep", sep; "Sylvan", sylvan ] do
    let c0 = cpu ()
    let clock = Stopwatch.StartNew()
    let total = parse ()
    let c = cpu () - c0
    printfn "%-7s cpu %.2f s (%.0f MB/s)  wall %.2f s  (sum %g)" name c (megabytes / c) clock.Elapsed.TotalSeconds total
