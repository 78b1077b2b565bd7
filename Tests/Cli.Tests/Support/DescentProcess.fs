/// Runs the real `descent` executable (the build output referenced by this project) the way a user does.
[<AutoOpen>]
module Descent.Tests.DescentProcess

open System
open System.Diagnostics
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

type Outcome =
    { ExitCode: int
      Stdout: string
      Stderr: string }

let private dll () = Path.Combine(TestContext.CurrentContext.TestDirectory, "descent.dll")

/// A fresh, empty working folder under the test output folder.
let freshFolder (name: string) =
    let dir = Path.Combine(TestContext.CurrentContext.TestDirectory, "runs", name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8))
    Directory.CreateDirectory dir |> ignore
    dir

let startInfo (workDir: string) (args: string list) =
    let psi = ProcessStartInfo("dotnet", WorkingDirectory = workDir, RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true)
    psi.ArgumentList.Add "exec"
    psi.ArgumentList.Add(dll ())
    for a in args do
        psi.ArgumentList.Add a
    psi.Environment.["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
    psi

/// Runs `descent args` in `workDir` and waits (at most two minutes).
let runIn (workDir: string) (args: string list) : Outcome =
    use p = Process.Start(startInfo workDir args) |> nonNull
    p.StandardInput.Close()
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    if not (p.WaitForExit(TimeSpan.FromMinutes 2.0)) then
        p.Kill true
        Assert.Fail $"""descent {String.Join(" ", args)} did not finish in two minutes"""
    p.WaitForExit()
    { ExitCode = p.ExitCode; Stdout = out.Result; Stderr = err.Result }

let run (args: string list) = runIn (freshFolder "run") args

let private inProcess = obj ()

/// Runs `descent args` inside this process through the program's entry function, `workDir` as the working folder and
/// the output captured: the same code path as the executable's after start-up, without a process per case. Tests run
/// one at a time (NUnit's default here); the lock keeps the console and working folder to one run.
let runInProcess (workDir: string) (args: string list) : Outcome =
    lock inProcess (fun () ->
        let stdout, stderr, cwd = Console.Out, Console.Error, Environment.CurrentDirectory
        use out = new StringWriter()
        use err = new StringWriter()
        Console.SetOut out
        Console.SetError err
        Environment.CurrentDirectory <- workDir
        try
            let code = Descent.Program.run Threading.CancellationToken.None (Array.ofList args)
            Console.Out.Flush()
            { ExitCode = code; Stdout = out.ToString(); Stderr = err.ToString() }
        finally
            Console.SetOut stdout
            Console.SetError stderr
            Environment.CurrentDirectory <- cwd)

/// Fails when any line looks like a .NET stack trace.
let assertNoStackTrace (o: Outcome) =
    let lines = (o.Stdout + "\n" + o.Stderr).Split('\n')
    let traced = lines |> Array.tryFind (fun l -> l.StartsWith "   at " || l.Contains "Exception:")
    Assert.That(traced.IsNone, Is.True, $"stack trace in output:\n{o.Stderr}")

/// What .NET says in its own words, never the program's: a message carrying one shows an exception's text.
let dotnetPhrases =
    [ "LineNumber:"; "BytePositionInLine"; "Could not find file"; "Could not find a part of the path"; "Access to the path"
      "System."; "Exception"; "Parameter name"; "Value cannot be null" ]

/// Fails when a message line carries .NET's own text or a blank never filled in ("{L1}": a setting's token).
let assertWordedByTheProgram (line: string) =
    for phrase in dotnetPhrases do
        Assert.That(line, Does.Not.Contain phrase, "raw .NET text in the message")
    Assert.That(Text.RegularExpressions.Regex.IsMatch(line, @"\{[A-Za-z][A-Za-z0-9]*\}"), Is.False, $"an unfilled blank in: {line}")

/// How many bad inputs this test run has fed to `descent` (every bad-input test counts its case).
let mutable badInputsTried = 0

/// The checks every refused input must pass: exit code 2 (or 3 for a numerical failure), a first stderr line
/// "descent: …" containing each of `expected`, and no stack trace.
let assertRefused (expected: string list) (o: Outcome) =
    badInputsTried <- badInputsTried + 1
    Assert.That(o.ExitCode = 2 || o.ExitCode = 3, $"exit code {o.ExitCode}\nstdout: {o.Stdout}\nstderr: {o.Stderr}")
    let first = o.Stderr.Split('\n').[0]
    Assert.That(first.StartsWith "descent: ", $"first stderr line: {first}")
    for part in expected do
        Assert.That(first.Contains part, $"'{part}' not in: {first}")
    assertWordedByTheProgram first
    assertNoStackTrace o

/// Starts `descent args` in `workDir`, collecting its output; returns the process and the two line buffers.
let start (workDir: string) (args: string list) =
    let p = new Process(StartInfo = startInfo workDir args)
    let out = Collections.Concurrent.ConcurrentQueue<string>()
    let err = Collections.Concurrent.ConcurrentQueue<string>()
    p.OutputDataReceived.Add(fun e -> if not (isNull e.Data) then out.Enqueue e.Data)
    p.ErrorDataReceived.Add(fun e -> if not (isNull e.Data) then err.Enqueue e.Data)
    p.Start() |> ignore
    p.StandardInput.Close()
    p.BeginOutputReadLine()
    p.BeginErrorReadLine()
    p, out, err

/// Waits until a line of `lines` satisfies `ready` (at most a minute).
let waitForLine (lines: Collections.Concurrent.ConcurrentQueue<string>) (ready: string -> bool) =
    let clock = Stopwatch.StartNew()
    while not (lines |> Seq.exists ready) && clock.Elapsed < TimeSpan.FromMinutes 1.0 do
        Threading.Thread.Sleep 20
    Assert.That(lines |> Seq.exists ready, Is.True, "the expected output never came")

/// Sends a POSIX signal (INT, KILL, …) to a process.
let signal (name: string) (p: Process) =
    use k = Process.Start("kill", [ "-s"; name; string p.Id ])
    k.WaitForExit()
