/// The progress line of long runs: drawn on stderr only when it is a terminal (driven here through a pseudo-terminal
/// made by util-linux `script`), at most ten times a second, with a time remaining of elapsed·(1 − f)/f, and erased
/// at the end; nothing of it when stderr is a pipe.
module Descent.Tests.ProgressTests

open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions
open NUnit.Framework

/// A run of a few seconds (more than the second after which the line shows): 200,000 training rows, 1500 epochs.
let private epochs = 1500
let private longTrain = [ "train"; "--samples"; "400000"; "--epochs"; string epochs; "--no-plots"; "--print-every"; "500"; "--threads"; "1" ]

let private quote (s: string) = "'" + s.Replace("'", "'\\''") + "'"

/// Runs `descent args` with stderr on a pseudo-terminal 200 columns wide (stdout to stdout.txt); returns what the
/// terminal received.
let private onTerminal (dir: string) (args: string list) =
    if not (File.Exists "/usr/bin/script") then Assert.Inconclusive "util-linux script (a pseudo-terminal) is not installed"
    let dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "descent.dll")
    let command = $"""stty cols 200; exec dotnet exec {quote dll} {String.Join(" ", List.map quote args)} > stdout.txt"""
    let psi = ProcessStartInfo("/usr/bin/script", WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true)
    for a in [ "-qec"; command; "/dev/null" ] do
        psi.ArgumentList.Add a
    psi.Environment.["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
    use p = Process.Start psi |> nonNull
    let terminal = p.StandardOutput.ReadToEndAsync()
    p.StandardError.ReadToEnd() |> ignore
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 3.0), Is.True, "descent under script did not finish in three minutes")
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.EqualTo 0, terminal.Result)
    terminal.Result

let private seconds (clock: string) = TimeSpan.Parse(clock).TotalSeconds

[<Test>]
let ``train on a terminal redraws epoch, loss, elapsed and time left at most ten times a second, then erases it`` () =
    let dir = freshFolder "progress-tty"
    let terminal = onTerminal dir longTrain
    let drawn = Regex(@"^\[train\] epoch (\d+)/(\d+), loss (\d+\.\d{7}), (\d\d:\d\d:\d\d) elapsed, ~(\d\d:\d\d:\d\d) left\u001b\[K$")
    let pieces = terminal.Split('\r')
    let draws = pieces |> Array.filter (fun s -> s.StartsWith "[train]")
    Assert.That(draws.Length, Is.GreaterThanOrEqualTo 2, $"too few redraws in:\n{terminal}")
    let parsed =
        draws
        |> Array.map (fun d ->
            let m = drawn.Match d
            Assert.That(m.Success, Is.True, $"malformed progress line: {d}")
            int m.Groups.[1].Value, int m.Groups.[2].Value, seconds m.Groups.[4].Value, seconds m.Groups.[5].Value)
    for e, total, elapsed, left in parsed do
        Assert.That(total, Is.EqualTo epochs)
        Assert.That(elapsed, Is.GreaterThanOrEqualTo 1.0, "the line shows only after a second")
        // left = elapsed·(1 − f)/f with f = e/total, from the unrounded elapsed (±0.5 s) and rounded (±0.5 s).
        let ratio = float (total - e) / float e
        Assert.That(left, Is.EqualTo(elapsed * ratio).Within(0.5 * ratio + 0.5 + 1e-9), $"epoch {e}: {elapsed} s elapsed")
    let epochsDrawn = parsed |> Array.map (fun (e, _, _, _) -> e)
    Assert.That(epochsDrawn, Is.Ordered, "the epochs go forward")
    // At most ten redraws a second: the elapsed clock of the last draw bounds how long drawing went on.
    let _, _, lastElapsed, _ = Array.last parsed
    Assert.That(draws.Length, Is.LessThanOrEqualTo(int (10.0 * (lastElapsed + 0.5)) + 1), "more than ten redraws a second")
    // Erased at the end: after the last draw only the erase sequence (carriage return, erase line) is left.
    let tail = terminal.Substring(terminal.LastIndexOf "[train]")
    Assert.That(tail.EndsWith "\r\u001b[K", Is.True, $"the line was not erased: {tail}")
    // stdout (a file) got the ordinary lines and none of the progress line.
    let stdout = File.ReadAllText(Path.Combine(dir, "stdout.txt"))
    Assert.That(stdout, Does.StartWith "[INFO] training...\n[INFO] epoch=1, loss=")
    Assert.That(stdout, Does.Contain "[INFO] epoch=1500, loss=")
    Assert.That(stdout, Does.Not.Contain "[train]")
    Assert.That(stdout, Does.Not.Contain "\r")

[<Test>]
let ``train with stderr on a pipe prints no progress line`` () =
    let o = run longTrain
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(o.Stderr, Is.Empty)
    Assert.That(o.Stdout, Does.Not.Contain "\r")
    Assert.That(o.Stdout, Does.Not.Contain "[train]")
    Assert.That(o.Stdout, Does.Contain "[INFO] epoch=1500, loss=")
