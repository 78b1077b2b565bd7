module Descent.Tests.ReportTests

open NUnit.Framework
open Descent.Tests.Constraints
open Descent

let private cases = load "classification_reports.json"

let caseIndices = [| 0 .. cases.GetArrayLength() - 1 |]

[<TestCaseSource(nameof caseIndices)>]
let ``classification_report text matches scikit-learn byte for byte`` (i: int) =
    let c = cases.[i]
    let classes = [| for s in (prop "classes" c).EnumerateArray() -> s.GetString() |]
    let report = Report.compute classes (ints (prop "y_true" c)) (ints (prop "y_pred" c))
    Assert.That(Report.format report, Is.EqualTo((prop "text" c).GetString()))

[<TestCaseSource(nameof caseIndices)>]
let ``classification_report numbers match output_dict`` (i: int) =
    let c = cases.[i]
    let classes = [| for s in (prop "classes" c).EnumerateArray() -> s.GetString() |]
    let report = Report.compute classes (ints (prop "y_true" c)) (ints (prop "y_pred" c))
    let d = prop "dict" c
    let check (name: string) (s: Report.Scores) =
        let e = prop name d
        Assert.That(s.Precision, Is.EqualTo((prop "precision" e).GetDouble()).Within(1e-15), name)
        Assert.That(s.Recall, Is.EqualTo((prop "recall" e).GetDouble()).Within(1e-15), name)
        Assert.That(s.F1, Is.EqualTo((prop "f1-score" e).GetDouble()).Within(1e-15), name)
        Assert.That(s.Support, Is.EqualTo((prop "support" e).GetInt32()), name)
    for label, s in report.Classes do
        check label s
    check "macro avg" report.MacroAvg
    check "weighted avg" report.WeightedAvg
    Assert.That(report.Accuracy, Is.EqualTo((prop "accuracy" d).GetDouble()).Within(1e-15))

let formatCases =
    [| for c in (load "python_format.json").EnumerateArray() ->
           TestCaseData((prop "value" c).GetDouble(), (prop "digits" c).GetInt32()).Returns((prop "text" c).GetString()) |]

[<TestCaseSource(nameof formatCases)>]
let ``fixed-point formatting rounds like Python`` (value: float, digits: int) = PyFormat.fixedPoint digits value
