/// The page as a learner uses it, in Debian's Chromium driven by chromedriver (Selenium): open a state's URL, move a
/// slider, upload a table, switch on compare mode; the charts redraw and the command follows. Without Chromium or
/// chromedriver the tests are inconclusive, saying so.
module Descent.Serve.Tests.PageTests

open System
open System.IO
open NUnit.Framework
open OpenQA.Selenium
open OpenQA.Selenium.Chrome
open OpenQA.Selenium.Support.UI

let mutable private server: Server option = None
let private url () = server.Value.Url

[<OneTimeSetUp>]
let start () = server <- Some(new Server([]))

[<OneTimeTearDown>]
let stop () = server |> Option.iter (fun s -> (s :> IDisposable).Dispose())

[<Test>]
let ``a state's URL opens as that state, its command shown, and a slider retrains and rewrites the command`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?dataset=moons&noise=0.1&optimizer=adam&alpha=0.05")
    waitFor d "the first run drawn" (fun () -> runs d >= 1)
    Assert.That(command d, Is.EqualTo "descent train --dataset moons --noise 0.1 --optimizer adam --alpha 0.05")
    waitFor d "the boundary and loss charts drawn" (fun () -> traces d "boundary" >= 3 && traces d "loss" >= 1)
    waitFor d "the landscape drawn" (fun () -> traces d "landscape" >= 2)
    Assert.That(d.FindElement(By.Id "error").Text, Is.Empty)
    // Only the settings adam reads are shown.
    Assert.That(d.FindElement(By.Id "flag-beta1").Displayed, Is.True)
    Assert.That(d.FindElement(By.Id "flag-momentum").Displayed, Is.False)
    let before = runs d
    let lossBefore = string (js d "return JSON.stringify(document.getElementById('loss').data[0].y)")
    let slider = d.FindElement(By.Id "flag-alpha")
    for _ in 1..40 do
        slider.SendKeys Keys.ArrowRight
    waitFor d "a run for the new rate" (fun () -> runs d > before && not ((command d).Contains "--alpha 0.05 "))
    let now = command d
    Assert.That(now, Does.Match "^descent train --dataset moons --noise 0.1 --optimizer adam --alpha 0\\.0[6-9]\\d*$")
    Assert.That(d.Url, Does.Contain(now.Substring(now.IndexOf "--alpha" + 8) |> sprintf "alpha=%s"))
    waitFor d "the loss chart redrawn" (fun () -> string (js d "return JSON.stringify(document.getElementById('loss').data[0].y)") <> lossBefore)
    let frames = string (js d "return JSON.stringify(window.descentFrames)")
    TestContext.Out.WriteLine $"first-frame latencies (ms): {frames}"

[<Test>]
let ``an uploaded table trains, its label column offered, its command naming the file`` () =
    use d = browser ()
    d.Navigate().GoToUrl(url ())
    waitFor d "the first run drawn" (fun () -> runs d >= 1)
    let before = runs d
    d.FindElement(By.Id "upload").SendKeys(irisPath ())
    waitFor d "the upload read" (fun () -> d.FindElement(By.Id "upload-status").Text.Contains "150 rows")
    waitFor d "a run on the table" (fun () -> runs d > before)
    Assert.That(command d, Does.StartWith "descent train --data iris.csv")
    let options = [ for o in d.FindElements(By.CssSelector "#flag-label option") -> o.Text ]
    Assert.That(String.concat "," options, Does.Contain "petal_width_cm")
    // The generated data's controls are hidden.
    Assert.That(d.FindElement(By.Id "flag-samples").Displayed, Is.False)
    // Typing on a select picks the option, as a learner's keyboard does.
    d.FindElement(By.Id "flag-loss").SendKeys "softmax"
    waitFor d "the softmax run" (fun () -> (command d).Contains "--loss softmax" && d.FindElement(By.Id "summary").Text.Contains "accuracy")
    Assert.That(d.FindElement(By.Id "error").Text, Is.Empty)
    // The replay's last frame: the regions, the boundary and three classes' points as traces.
    waitFor d "the regions, boundary and three classes' points" (fun () -> traces d "boundary" >= 4)

[<Test>]
let ``compare mode trains each optimizer on the same data and draws each one's loss`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?alpha=0.05&epochs=60")
    waitFor d "the first run drawn" (fun () -> runs d >= 1)
    d.FindElement(By.Id "compare").Click()
    waitFor d "both optimizers' runs" (fun () -> (traceNames d "loss").Contains "gd loss" && (traceNames d "loss").Contains "adam loss")
    Assert.That(d.Url, Does.Contain "compare=gd,adam")
    d.FindElement(By.CssSelector "input[name='compare-sgd']").Click()
    waitFor d "three optimizers' runs" (fun () -> (traceNames d "loss").Contains "sgd loss")
    waitFor d "the landscape with every path" (fun () -> traces d "landscape" >= 4)
    Assert.That(d.FindElement(By.Id "error").Text, Is.Empty)

[<Test>]
let ``a refused state shows the server's one line, and the model's flags pass through to the command`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?hidden=8&activation=relu")
    waitFor d "the command" (fun () -> (command d).Contains "--hidden 8 --activation relu")
    d.Navigate().GoToUrl($"{url ()}?alpha=-1")
    waitFor d "the error shown" (fun () -> d.FindElement(By.Id "error").Text <> "")
    let shown = d.FindElement(By.Id "error").Text
    let status, body = get $"{url ()}api/train?alpha=-1"
    Assert.That(status, Is.EqualTo 400)
    Assert.That(System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Is.EqualTo shown)
