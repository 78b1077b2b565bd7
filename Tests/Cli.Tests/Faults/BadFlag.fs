/// The checks every refused flag of the bad-input tables must pass.
module Descent.Tests.BadFlag

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

/// Runs `args` by `run` in a fresh folder named after `folder` and checks the refusal: exit code 2, the first line
/// naming `flag` (assertRefused), a usage line after it (a pointer to --help, or Argu's whole usage for a malformed
/// command), and nothing written. Returns the run's stderr lines for checks of its own.
let assertRefusedWithUsage (folder: string) (run: string -> string list -> Outcome) (args: string list) (flag: string) =
    let dir = freshFolder folder
    let o = run dir args
    Assert.That(o.ExitCode, Is.EqualTo 2, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    assertRefused [ flag ] o
    let lines = o.Stderr.Replace("\r", "").Split('\n')
    Assert.That(lines.Length, Is.GreaterThan 1, o.Stderr)
    Assert.That(lines.[1].StartsWith "usage: descent " || lines.[1].StartsWith "USAGE: descent ", $"second stderr line: {lines.[1]}")
    Assert.That(Directory.GetFileSystemEntries dir, Is.Empty, "something was written")
    lines
