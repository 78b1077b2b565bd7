/// data.html's points and decision boundaries for one, two and more features, and its axis titles.
module Descent.Tests.DataChartTests

open System.Text.Json
open NUnit.Framework
open Descent
open Descent.Tests.Constraints
open Descent.Tests.ChartPage

let private parts (figure: PlotlyPage.Figure) = ChartPage.parts (PlotlyPage.html PlotlyJs.Local figure)

let private dataset (rows: float[][]) (y: int[]) (classes: string[]) =
    { X = Matrix.ofRows rows
      Y = y
      FeatureNames = Array.init rows.[0].Length (sprintf "f%d")
      Classes = classes
      LabelName = "y"
      Dropped = 0 }

/// Every row of `ds` with the bias column, as a run's test rows are.
let private allRows (ds: Dataset) = Dataset.takeRowsWithBias (Array.init ds.X.Rows id) ds

[<Test>]
let ``with three features the boundary lies where the third is at its mean`` () =
    let ds = dataset [| [| 0.0; 1.0; 2.0 |]; [| 4.0; -1.0; 6.0 |]; [| 2.0; 3.0; 1.0 |] |] [| 0; 1; 0 |] [| "a"; "b" |]
    let w = [| 0.5; -2.0; 0.25; 1.5 |] // w0, w1, w2, bias
    let data, layout = parts (DataChart.figure "standardized" (Dataset.schema ds) (allRows ds) w 1)
    Assert.That(data.GetArrayLength(), Is.EqualTo 3, "two classes and one boundary")
    let line = data.[2]
    Assert.That(line.GetProperty("name").GetString(), Is.EqualTo "decision boundary")
    let xs, ys = doubles (line.GetProperty "x"), doubles (line.GetProperty "y")
    Assert.That(xs, Is.EqualTo [| 0.0; 4.0 |])
    let mean2 = (2.0 + 6.0 + 1.0) / 3.0
    for x, y in Array.zip xs ys do
        Assert.That(w.[0] * x + w.[1] * y + w.[2] * mean2 + w.[3], Is.EqualTo(0.0).Within(1e-12))
    Assert.That(layout.GetProperty("title").GetString(), Does.Contain "the others at their mean")
    Assert.That(layout.GetProperty("xaxis").GetProperty("title").GetString(), Is.EqualTo "f0 (standardized)")
    Assert.That(layout.GetProperty("yaxis").GetProperty("title").GetString(), Is.EqualTo "f1 (standardized)")

[<Test>]
let ``with two features and three classes each one-vs-rest line solves its unit's equation`` () =
    let ds = dataset [| [| -1.0; 0.0 |]; [| 1.0; 2.0 |]; [| 3.0; -2.0 |] |] [| 0; 1; 2 |] [| "r"; "s"; "t" |]
    let w = [| 1.0; 2.0; -0.5; -1.0; 0.5; 0.25; 3.0; -4.0; 1.0 |] // class-major: (w0, w1, b) per class
    let data, layout = parts (DataChart.figure "" (Dataset.schema ds) (allRows ds) w 3)
    Assert.That(data.GetArrayLength(), Is.EqualTo 6)
    for k in 0 .. 2 do
        let line = data.[3 + k]
        Assert.That(line.GetProperty("name").GetString(), Is.EqualTo $"boundary {ds.Classes.[k]} vs rest")
        for x, y in Array.zip (doubles (line.GetProperty "x")) (doubles (line.GetProperty "y")) do
            Assert.That(w.[3 * k] * x + w.[3 * k + 1] * y + w.[3 * k + 2], Is.EqualTo(0.0).Within(1e-12))
    Assert.That(layout.GetProperty("title").GetString(), Is.EqualTo "Test data and decision boundary")
    Assert.That(layout.GetProperty("xaxis").GetProperty("title").GetString(), Is.EqualTo "f0")

[<Test>]
let ``with one feature the points stand by class and the threshold is a vertical line`` () =
    let ds = dataset [| [| -2.0 |]; [| 1.0 |]; [| 3.0 |] |] [| 0; 1; 1 |] [| "no"; "yes" |]
    let data, layout = parts (DataChart.figure "" (Dataset.schema ds) (allRows ds) [| 2.0; -1.0 |] 1)
    Assert.That(doubles (data.[1].GetProperty "y"), Is.EqualTo [| 1.0; 1.0 |], "class 'yes' at y = 1")
    let line = data.[2]
    Assert.That(doubles (line.GetProperty "x"), Is.EqualTo [| 0.5; 0.5 |], "2·x − 1 = 0")
    Assert.That(layout.GetProperty("title").GetString(), Is.EqualTo "Test data and decision threshold")
    Assert.That(layout.GetProperty("yaxis").GetProperty("title").GetString(), Is.EqualTo "class")

[<Test>]
let ``a feature name cannot close the page's script, and reads back as it was written`` () =
    let names = [| "</script><script>alert(1)</script>"; "α & β" |]
    let ds = { dataset [| [| 0.0; 1.0 |]; [| 2.0; 3.0 |] |] [| 0; 1 |] [| "a"; "b" |] with FeatureNames = names }
    let page = PlotlyPage.html PlotlyJs.Local (DataChart.figure "" (Dataset.schema ds) (allRows ds) [| 1.0; 1.0; 0.0 |] 1)
    // The <script src> element's end and the plot's: none inside the JSON.
    Assert.That(page.Split("</script>").Length - 1, Is.EqualTo 2)
    let _, layout = ChartPage.parts page
    Assert.That(layout.GetProperty("xaxis").GetProperty("title").GetString(), Is.EqualTo names.[0])
    Assert.That(layout.GetProperty("yaxis").GetProperty("title").GetString(), Is.EqualTo names.[1])
    Assert.That(page, Does.Contain "α", "letters are written as themselves")
