/// The browser the page tests drive: Debian's Chromium through chromedriver (Selenium), and what they read from the
/// page. Without Chromium or chromedriver a test is inconclusive, saying so.
[<AutoOpen>]
module Descent.Serve.Tests.Browser

open System
open System.IO
open NUnit.Framework
open OpenQA.Selenium
open OpenQA.Selenium.Chrome
open OpenQA.Selenium.Support.UI

let onPath (names: string list) =
    let path = Environment.GetEnvironmentVariable "PATH" |> Option.ofObj |> Option.defaultValue ""
    [ for dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) do
          for name in names -> Path.Combine(dir, name) ]
    |> List.tryFind File.Exists

/// Chromium and its driver, or the test is inconclusive.
let browser () : IWebDriver =
    let chromium = onPath [ "chromium"; "chromium-browser" ]
    let driver = onPath [ "chromedriver" ]
    match chromium, driver with
    | None, _ -> Assert.Inconclusive "Chromium is not installed (Debian: apt-get install chromium chromium-driver; .ci/run does it)"; failwith "unreachable"
    | _, None -> Assert.Inconclusive "chromedriver is not installed (Debian: apt-get install chromium-driver; .ci/run does it)"; failwith "unreachable"
    | Some chromium, Some driver ->
        let service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName driver, Path.GetFileName driver)
        service.HideCommandPromptWindow <- true
        service.SuppressInitialDiagnosticInformation <- true
        let options = ChromeOptions(BinaryLocation = chromium)
        options.AddArguments [ "--headless"; "--no-sandbox"; "--disable-gpu"; "--disable-background-networking"; "--disable-dev-shm-usage"; "--window-size=1400,1100" ]
        new ChromeDriver(service, options, TimeSpan.FromMinutes 1.0)

let js (d: IWebDriver) (script: string) = (d :?> IJavaScriptExecutor).ExecuteScript script
let runs (d: IWebDriver) = Convert.ToInt32(js d "return window.descentRuns || 0")
let waitFor (d: IWebDriver) (what: string) (ready: unit -> bool) =
    let wait = WebDriverWait(d, TimeSpan.FromSeconds 60.0)
    try
        wait.Until(fun _ -> ready ()) |> ignore
    with :? WebDriverTimeoutException ->
        let text id = try d.FindElement(By.Id id).Text with _ -> "?"
        Assert.Fail $"""timed out waiting for {what}; command: {text "command"}; error: {text "error"}; summary: {text "summary"}; URL: {d.Url}"""
let command (d: IWebDriver) = d.FindElement(By.Id "command").Text
/// The number of traces plotly.js drew into a chart.
let traces (d: IWebDriver) (chart: string) = Convert.ToInt32(js d $"return (document.getElementById('{chart}').data || []).length")
let traceNames (d: IWebDriver) (chart: string) =
    string (js d $"return (document.getElementById('{chart}').data || []).map(t => t.name).join('|')")

