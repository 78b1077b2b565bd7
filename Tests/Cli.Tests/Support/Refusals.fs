/// Tables of refused command lines and the one check every refused flag passes: the bad-input suite (Faults/) and
/// each verb's own refusals (Verbs/) write their cases with these and assert them with assertRefusedWithUsage.
[<AutoOpen>]
module Descent.Tests.Refusals

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

/// A refused command line and what its first stderr line must name (a flag, or a file or verb where no flag is to
/// blame).
type Refusal = string list * string

/// One case per bad value: `prefix @ [ flag; value ]`, refused naming `flag`.
let refusedValues (prefix: string list) (flag: string) (values: string list) : Refusal list =
    [ for value in values -> prefix @ [ flag; value ], flag ]

/// One case per (setting, value): `[ verb; option; setting; flag; value ]`, refused naming `flag` (a rule's or a
/// schedule's hyperparameter out of range under it, or given to one it does not belong to).
let refusedUnder (verb: string) (option: string) (flag: string) (cases: (string * string) list) : Refusal list =
    [ for setting, value in cases -> [ verb; option; setting; flag; value ], flag ]

/// `prefix @ [ flag ]` (a switch that takes no value), refused naming `flag`.
let refusedFlag (prefix: string list) (flag: string) : Refusal list = [ prefix @ [ flag ], flag ]

/// A case whose refusal names `expected`, not (or not only) the last flag of `args`.
let refusedAs (expected: string) (args: string list) : Refusal list = [ args, expected ]

/// The groups of a table as NUnit cases (arguments, expected), named by the command line.
let refusals (groups: Refusal list list) = groups |> List.concat |> Array.ofList |> commandLineCases

/// Runs `args` by `run` in a fresh folder named after `folder` and checks the refusal: exit code 2, the first line
/// naming `flag` (assertRefused), the usage line after it and nothing else, and nothing written. Returns the run's
/// outcome for checks of its own.
let assertRefusedWithUsage (folder: string) (run: string -> string list -> Outcome) (args: string list) (flag: string) =
    let dir = freshFolder folder
    let o = run dir args
    Assert.That(o.ExitCode, Is.EqualTo 2, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    assertRefused [ flag ] o
    let lines = o.Stderr.Replace("\r", "").Split('\n')
    Assert.That(lines.Length, Is.GreaterThan 1, o.Stderr)
    Assert.That(lines.[1], Does.StartWith "usage: descent ", "second stderr line")
    // The error and the usage line, never the whole help.
    Assert.That(lines |> Array.filter (fun l -> l.Trim() <> ""), Has.Length.EqualTo 2, o.Stderr)
    Assert.That(Directory.GetFileSystemEntries dir, Is.Empty, "something was written")
    o
