// CPU time (this process, every thread) per training epoch of each rule over batches of 32 on ROWS x 33 generated
// float64 rows, one gradient thread: on a shared machine the wall clock also counts the waits for a core, CPU time
// does not. Lowest of 3 rounds; the first epoch of each run is not counted.
//   dotnet build Hybrid.sln -c Release && dotnet fsi Tests/Benchmarks/optimizer_cpu_time.fsx ROWS EPOCHS
#load "../../scripts/load.fsx"
open System
open System.Diagnostics
open Descent
open Descent.Core
let rows = int (fsi.CommandLineArgs.[1])
let cols = 33
let rng = RandomState(0L)
let x = Array.zeroCreate<float> (rows * cols)
rng.FillRandomSample(Span x)
for i in rows * (cols - 1) .. rows * cols - 1 do x.[i] <- 1.0
let y = Array.init rows (fun i -> if i % 2 = 0 then 1.0 else 0.0)
let proc = Process.GetCurrentProcess()
let rules = [ "sgd", Experiment.sgd 32; "adam", Experiment.adam 32; "adamw", Experiment.adamw 32; "radam", Experiment.radam 32; "nadam", Experiment.nadam 32; "adagrad", Experiment.adagrad 32; "rmsprop", Experiment.rmsprop 32; "adamax", Experiment.adamax 32; "adadelta", Experiment.adadelta 32 ]
let epochs = int (fsi.CommandLineArgs.[2])
let best = Collections.Generic.Dictionary<string, float>()
for round in 1 .. 3 do
    for name, rule in rules do
        let e = Experiment.lesson |> rule |> Experiment.withThreads 1
        use s = Training.batchTrainer<float> e x y rows cols 1 (Array.zeroCreate cols)
        let rng = RandomState(0L)
        let epoch () =
            s.NewEpoch rng
            s.Epoch 0.001 |> ignore
        epoch ()
        proc.Refresh()
        let before = proc.TotalProcessorTime
        for _ in 1 .. epochs do epoch ()
        proc.Refresh()
        let perEpoch = (proc.TotalProcessorTime - before).TotalMilliseconds / float epochs
        best.[name] <- (match best.TryGetValue name with | true, b -> min b perEpoch | _ -> perEpoch)
for name, _ in rules do
    printfn "%-9s %8.2f ms CPU per epoch  %5.2fx sgd" name best.[name] (best.[name] / best.["sgd"])
