/// The numpy / scikit-learn reference files copied into Tests/Fixtures.
[<AutoOpen>]
module Descent.Tests.Fixtures

open System.IO
open System.Text.Json
open NUnit.Framework
open Descent.Tests.Constraints

let path (name: string) = Path.Combine(TestContext.CurrentContext.TestDirectory, "Fixtures", name)

/// The root element of a JSON text (a run's --json output, a file descent wrote).
let parseJson (text: string) = JsonDocument.Parse(text).RootElement

/// The root element of a JSON file.
let readJson (file: string) = parseJson (File.ReadAllText file)

/// A fixture's root element.
let load (name: string) = readJson (path name)

let doubles (e: JsonElement) = [| for v in e.EnumerateArray() -> v.GetDouble() |]

/// A JSON array of number arrays (numpy's tolist() of a matrix) as its rows.
let rows (e: JsonElement) = [| for r in e.EnumerateArray() -> doubles r |]

let ints (e: JsonElement) = [| for v in e.EnumerateArray() -> v.GetInt32() |]

let prop (name: string) (e: JsonElement) = e.GetProperty name

/// |a - b| <= rel * max(|a|, |b|), element-wise, with a message naming the first index that fails.
let assertClose (rel: float) (expected: float[]) (actual: float[]) =
    Assert.That(actual.Length, Is.EqualTo expected.Length, "length")
    for i in 0 .. expected.Length - 1 do
        let tol = rel * max (abs expected.[i]) (abs actual.[i])
        if abs (expected.[i] - actual.[i]) > tol then
            Assert.Fail $"element {i}: expected {expected.[i]:R}, got {actual.[i]:R} (relative tolerance {rel})"
