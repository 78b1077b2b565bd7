/// Work that cannot fit in memory is refused before anything large is allocated: one line with the estimate and what
/// is available, exit code 2. The child process runs under DOTNET_GCHeapHardLimit (256 MiB), so the tests never
/// take the machine's memory; each refusal has a control run of the same kind that fits under the same limit.
module Descent.Tests.MemoryRefusalTests

open System
open NUnit.Framework
open Descent.Tests.Constraints

/// Runs `descent args` with the GC limited to 256 MiB.
let private runLimited (args: string list) : Outcome =
    let psi = startInfo (freshFolder "memory") args
    psi.Environment.["DOTNET_GCHeapHardLimit"] <- "0x10000000"
    use p = Diagnostics.Process.Start psi |> nonNull
    p.StandardInput.Close()
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    if not (p.WaitForExit(TimeSpan.FromMinutes 2.0)) then
        p.Kill true
        Assert.Fail "descent did not finish in two minutes"
    p.WaitForExit()
    { ExitCode = p.ExitCode; Stdout = out.Result; Stderr = err.Result }

let private fits (o: Outcome) = Assert.That(o.ExitCode, Is.EqualTo 0, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")

[<Test>]
let ``train on more data than the memory limit is refused with the estimate and what is available`` () =
    // 3,000,000 rows × 4 features: about 600 MiB with the split's copies; 300,000 rows fit.
    runLimited [ "train"; "--samples"; "3000000"; "--features"; "4"; "--epochs"; "2"; "--no-plots" ]
    |> assertRefused [ "training on 3000000 samples × 4 features would need about"; "MiB available"; "--samples" ]
    fits (runLimited [ "train"; "--samples"; "300000"; "--features"; "4"; "--epochs"; "2"; "--no-plots" ])

[<Test>]
let ``train --samples 2147483647 is refused before allocating`` () =
    run [ "train"; "--samples"; "2147483647" ]
    |> assertRefused [ "--samples 2147483647 × (--features 2 + 1) make 6442450941 numbers, more than the 2147483591 one array can hold" ]

[<Test>]
let ``data too large to generate is refused`` () =
    runLimited [ "data"; "--samples"; "5000000" ] |> assertRefused [ "5000000 samples × 2 features would need about"; "available" ]

[<Test>]
let ``a grid too large for memory is refused before it is built`` () =
    // 10,000 alphas × 9 momenta: about 270 MiB for the configurations' results alone, over the 256 MiB limit.
    let alphas = String.Join(",", [ for i in 1..10000 -> string (float i / 10000.0) ])
    let momenta = String.Join(",", [ for i in 0..8 -> string (float i / 10.0) ])
    runLimited [ "sweep"; "--alphas"; alphas; "--momenta"; momenta; "--epochs"; "20"; "--yes" ]
    |> assertRefused [ "a sweep of 90000 configurations would need about"; "available" ]
    fits (runLimited [ "sweep"; "--alphas"; "0.1,0.01"; "--epochs"; "200"; "--no-plots" ])

[<Test>]
let ``a network too big for memory is refused up front with the estimate`` () =
    // 2-3000-3000-1: about 9.0e6 weights, about 550 MiB with the gradient, the rule's state and the kept copies;
    // 2-300-300-1 fits under the same limit.
    runLimited [ "train"; "--hidden"; "3000,3000"; "--epochs"; "1"; "--no-plots" ]
    |> assertRefused [ "a network (2-3000-3000-1) of 9015001 weights would need about"; "available"; "--hidden" ]
    fits (runLimited [ "train"; "--hidden"; "300,300"; "--epochs"; "1"; "--no-plots" ])
