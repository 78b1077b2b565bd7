// The K-output gradient on one thread, timed in CPU time (less disturbed than wall time when other processes share
// the cores), beside a read-only pass over the same 1,000,000 x 65 matrix: best of 12.
//   dotnet build -c Release && dotnet fsi --optimize+ Tests/Benchmarks/outputs_cpu_time.fsx
#load "../../scripts/load.fsx"
open System
open System.Diagnostics
open Descent.Core
let rows, d = 1_000_000, 65
let x = Descent.Bench.data<float> rows d
let cpu () = Process.GetCurrentProcess().TotalProcessorTime.TotalMilliseconds
let time name reps (f: unit -> unit) =
    f ()
    let best = Array.init reps (fun _ -> let c = cpu () in f (); cpu () - c) |> Array.min
    printfn "%-28s %8.1f ms cpu (best of %d)" name best reps
    best
let mutable sink = 0.0
let read = time "read pass" 12 (fun () -> sink <- sink + Descent.Bench.readPass x)
for loss, k in [ LossKind.Softmax, 10; LossKind.Hinge, 10; LossKind.LogLoss, 10; LossKind.LogLoss, 1 ] do
    let y = Array.zeroCreate<float> (rows * k)
    for i in 0 .. rows - 1 do
        let c = if k = 1 then (if x.[i] > 0.0 then 1 else 0) else min (k - 1) (int ((x.[i] + 1.0) / 2.0 * float k))
        if k = 1 then y.[i] <- float c else y.[c * rows + i] <- 1.0
    let w = Array.zeroCreate<float> (d * k)
    let g = Array.zeroCreate<float> (d * k)
    use engine = new GradientEngine<float>(loss, d, k, 1)
    let t = time $"{loss} K={k}" 12 (fun () -> sink <- sink + engine.Compute(ColumnMajorRows<float>.Whole(ReadOnlySpan x, rows, d), ColumnMajorRows<float>.Whole(ReadOnlySpan y, rows, k), ReadOnlySpan w, Span g))
    printfn "   ratio %.2f" (t / read)
