/// Ctrl-C stops at the next epoch boundary, keeps the finished epochs and exits with 130.
module Descent.Tests.InterruptTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints
open Descent.Tests.DescentProcess

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
