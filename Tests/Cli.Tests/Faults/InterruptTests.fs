/// Ctrl-C stops at the next epoch boundary, keeps the finished epochs and exits with 130.
module Descent.Tests.InterruptTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

[<Test>]
let ``SIGINT during train keeps the finished epochs and exits 130`` () =
    let dir = freshFolder "sigint"
    let p, out, err = start dir [ "train"; "--epochs"; "1000000000"; "--print-every"; "2000"; "--no-plots" ]
    use _ = p
    waitForLine out (fun l -> l.StartsWith "[INFO] epoch=2000,")
    signal "INT" p
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 1.0), Is.True, "descent did not stop after SIGINT")
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.EqualTo 130, String.Join("\n", err))
    let lines = Array.ofSeq out
    let kept = lines |> Array.find (fun l -> l.Contains "interrupted after epoch")
    let epochs = Int32.Parse(kept.Split("epoch ").[1].Split(';').[0])
    Assert.That(epochs, Is.GreaterThanOrEqualTo 2000)
    let csv = File.ReadAllLines(Path.Combine(dir, "out", "losses.csv"))
    Assert.That(csv.Length, Is.EqualTo(epochs + 1))
    Assert.That(csv.[epochs].StartsWith(string epochs + ","), Is.True)
    Assert.That(File.Exists(Path.Combine(dir, "out", "model.json")), Is.True)
    Assert.That(lines |> Array.exists (fun l -> l = "[INFO] evaluating..."), Is.True)
    Assert.That(err |> Seq.exists (fun l -> l.Contains "interrupted"), Is.True)
    Assert.That(Directory.GetFiles(Path.Combine(dir, "out"), "*.tmp"), Is.Empty)

[<Test>]
let ``SIGINT during sweep writes the finished configurations and exits 130`` () =
    let dir = freshFolder "sigint-sweep"
    // One job, in grid order: batch GD (a few hundred thousand fast epochs, done within about a second here), then
    // SGD with batches of one row, 500 updates per epoch, which runs for minutes: the signal comes while it trains.
    let p, out, err =
        start dir [ "sweep"; "--optimizers"; "gd,sgd"; "--batch-sizes"; "1"; "--epochs"; "300000"; "--jobs"; "1"; "--no-plots" ]
    use _ = p
    waitForLine out (fun l -> l.StartsWith "[INFO] sweep of 2 configurations")
    Threading.Thread.Sleep(TimeSpan.FromSeconds 8.0)
    Assert.That(p.HasExited, Is.False, "the sweep ended before the signal")
    signal "INT" p
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 1.0), Is.True, "descent did not stop after SIGINT")
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.EqualTo 130, String.Join("\n", err))
    let said = err |> Seq.tryFind (fun l -> l.Contains "interrupted after")
    Assert.That(said.IsSome, Is.True, String.Join("\n", err))
    Assert.That(said.Value, Does.Contain "interrupted after 1 of 2 configurations; wrote the finished ones to")
    let csv = File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv"))
    Assert.That(csv.Length, Is.EqualTo 2, String.Join("\n", csv))
    let header = csv.[0].Split ','
    let row = csv.[1].Split ','
    Assert.That(row.[Array.IndexOf(header, "index")], Is.EqualTo "1")
    Assert.That(row.[Array.IndexOf(header, "optimizer")], Is.EqualTo "gd")
    Assert.That(row.[Array.IndexOf(header, "epochs")], Is.EqualTo "300000")
    Assert.That(out |> Seq.exists (fun l -> l.StartsWith "1 " && l.Contains "gd"), Is.True, String.Join("\n", out))
    Assert.That(Directory.GetFiles(Path.Combine(dir, "out"), "sweep-part-*"), Is.Empty, "an interrupted sweep wrote a part file")
    Assert.That(Directory.GetFiles(Path.Combine(dir, "out"), "*.tmp"), Is.Empty)

[<Test>]
let ``a run killed in the middle of writing leaves the previous file intact`` () =
    let dir = freshFolder "killed-write"
    let target = Path.Combine(dir, "big.csv")
    File.WriteAllText(target, "x0,y\n1.5,0\n")
    let p, _, _ = start dir [ "data"; "--samples"; "1000000"; "--features"; "4"; "--out"; "big.csv" ]
    use _ = p
    // The temporary file exists only while the new file is being written: kill the process as soon as it appears.
    let clock = Diagnostics.Stopwatch.StartNew()
    let mutable temp = [||]
    while temp.Length = 0 && not p.HasExited && clock.Elapsed < TimeSpan.FromMinutes 1.0 do
        temp <- Directory.GetFiles(dir, ".big.csv.*.tmp")
    Assert.That(temp.Length, Is.EqualTo 1, "the write never started")
    signal "KILL" p
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.Not.EqualTo 0)
    Assert.That(File.ReadAllText target, Is.EqualTo "x0,y\n1.5,0\n")
    // Run to completion: the new file replaces the old one whole.
    let done' = runIn dir [ "data"; "--samples"; "1000000"; "--features"; "4"; "--out"; "big.csv" ]
    Assert.That(done'.ExitCode, Is.EqualTo 0, done'.Stderr)
    Assert.That(File.ReadLines target |> Seq.length, Is.EqualTo 1000001)
    Assert.That(Directory.GetFiles(dir, "*.tmp"), Is.Empty, "the killed run's temporary file was not cleaned up")
