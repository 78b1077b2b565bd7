/// On real tables with standardized features and log-loss, test accuracy within 2 percentage points of
/// scikit-learn's LogisticRegression on the same split (sklearn_logreg.json; binary and multi-class).
module Descent.Tests.SklearnComparisonTests

open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

let private cases =
    [| for c in (load "sklearn_logreg.json").EnumerateArray() -> TestCaseData((prop "name" c).GetString()).SetArgDisplayNames((prop "name" c).GetString()) |]

[<TestCaseSource(nameof cases)>]
let ``descent is within 2 points of LogisticRegression`` (name: string) =
    let c = (load "sklearn_logreg.json").EnumerateArray() |> Seq.find (fun c -> (prop "name" c).GetString() = name)
    let csv = (prop "csv" c).GetString()
    let dir = freshFolder "sklearn"
    File.Copy(path csv, Path.Combine(dir, csv))
    let args =
        [ "train"; "--csv"; csv; "--label"; (prop "label" c).GetString(); "--scale"; "standard"; "--loss"; "logloss"
          "--test-size"; string ((prop "test_size" c).GetDouble()); "--split-seed"; string ((prop "split_seed" c).GetInt32())
          "--no-plots"; "--json" ]
        @ [ for a in (prop "descent_args" c).EnumerateArray() -> a.GetString() ]
    let o = runIn dir args
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let j = parseJson o.Stdout
    Assert.That([| for v in (prop "classes" j).EnumerateArray() -> v.GetString() |], Is.EqualTo [| for v in (prop "classes" c).EnumerateArray() -> v.GetString() |])
    Assert.That((prop "support" (prop "macro avg" (prop "report" j))).GetInt32(), Is.EqualTo((prop "test_rows" c).GetInt32()))
    let ours = (prop "accuracy" j).GetDouble()
    let theirs = (prop "sklearn_accuracy" c).GetDouble()
    Assert.That(ours, Is.GreaterThanOrEqualTo(theirs - 0.02), $"descent {ours}, scikit-learn {theirs}")
