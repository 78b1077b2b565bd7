// CPU and wall time of loading one table file in process (DataLoad.load), 8 loads after the first, each after a full
// collection; less sensitive to a busy machine than a whole run's wall time.
// Usage: dotnet build Hybrid.sln -c Release; dotnet fsi Tests/Benchmarks/table_load_cpu.fsx FILE
// (A build before issue 25 names the spec Descent.Csv(Descent.DataSpec.csvFile FILE).)
#load "../../scripts/load.fsx"

open System
open System.Diagnostics
open Descent

let file = fsi.CommandLineArgs.[1]
let cpu () = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds
let walls, cpus = ResizeArray(), ResizeArray()
for i in 0 .. 8 do
    let c = cpu ()
    let sw = Stopwatch.StartNew()
    DataLoad.load (Table(DataSpec.tableFile file)) |> ignore
    if i > 0 then
        walls.Add sw.Elapsed.TotalSeconds
        cpus.Add(cpu () - c)
    GC.Collect()
let show (xs: ResizeArray<float>) = String.Join(" ", xs |> Seq.map (sprintf "%.3f"))
printfn "%s\nwall s %s\ncpu s  %s" file (show walls) (show cpus)
