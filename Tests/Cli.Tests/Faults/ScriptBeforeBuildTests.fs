/// A script run before the Release build says in one line what to build, not a compiler error about an assembly.
module Descent.Tests.ScriptBeforeBuildTests

open System
open System.Diagnostics
open System.IO
open NUnit.Framework

[<Test>]
let ``a script run before the build stops with one line naming what to run`` () =
    // scripts/load.fsx as committed, in a folder with no build beside it: the generated loader it names is absent.
    let dir = freshFolder "before-build"
    File.Copy(Path.Combine(TestContext.CurrentContext.TestDirectory, "Scripts", "load.fsx"), Path.Combine(dir, "load.fsx"))
    File.WriteAllText(Path.Combine(dir, "experiment.fsx"), "#load \"load.fsx\"\nopen Descent\nprintfn \"%s\" (Names.listed Names.losses)\n")
    let psi = ProcessStartInfo("dotnet", WorkingDirectory = dir, RedirectStandardOutput = true, RedirectStandardError = true)
    for a in [ "fsi"; "experiment.fsx" ] do
        psi.ArgumentList.Add a
    psi.Environment.["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
    use p = Process.Start psi |> nonNull
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 2.0), Is.True, "dotnet fsi did not finish")
    Assert.That(p.ExitCode, Is.Not.EqualTo 0)
    let lines = (out.Result + "\n" + err.Result).Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
    Assert.That(lines, Has.Length.EqualTo 1, String.Join("\n", lines))
    Assert.That(lines.[0], Does.Contain "load.fsx(4,1)")
    Assert.That(lines.[0], Does.Contain "/Descent.FSharp/bin/Release/net10.0/run-dotnet-build-c-Release-first.fsx' because it does not exist")
