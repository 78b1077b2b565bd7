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
