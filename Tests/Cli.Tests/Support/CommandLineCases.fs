/// NUnit cases that are a command line and what its run must show, named by the command line so a failure reads as
/// the command a user would type.
[<AutoOpen>]
module Descent.Tests.CommandLineCases

open NUnit.Framework

/// (arguments, expected) rows → TestCaseData(arguments, expected), displayed as "train --alpha 0".
let commandLineCases (rows: (string list * 'Expected)[]) =
    rows |> Array.map (fun (args, expected) -> TestCaseData(args, box expected).SetArgDisplayNames(String.concat " " args))
