// The playground's first frame after a change, measured in the browser: `descent serve` on a free loopback port,
// Debian's Chromium driven through chromedriver (Selenium, from Tests/Serve.Tests' build), 60 moves of the α slider,
// each the time from the input event to plotly.js's promise for the loss chart resolved (the page's own
// window.descentFrames). Prints p50, p95 and max. Needs a Release build of Tests/Serve.Tests:
//   dotnet build Tests/Serve.Tests -c Release && dotnet fsi Tests/Benchmarks/serve_first_frame.fsx
#r "../Serve.Tests/bin/Release/net10.0/Selenium.WebDriver.dll"

open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions
open OpenQA.Selenium
open OpenQA.Selenium.Chrome
open OpenQA.Selenium.Support.UI

let bin = Path.Combine(__SOURCE_DIRECTORY__, "..", "Serve.Tests", "bin", "Release", "net10.0")
let psi = ProcessStartInfo("dotnet", RedirectStandardOutput = true)
for a in [ Path.Combine(bin, "descent.dll"); "serve"; "--port"; "0" ] do psi.ArgumentList.Add a
let server = Process.Start psi
let url = Regex.Match(server.StandardOutput.ReadLine(), @"http://\S+").Value
let service = ChromeDriverService.CreateDefaultService("/usr/bin", "chromedriver")
let options = ChromeOptions(BinaryLocation = "/usr/bin/chromium")
options.AddArguments [ "--headless"; "--no-sandbox"; "--disable-gpu"; "--disable-background-networking"; "--window-size=1400,1100" ]
let d = new ChromeDriver(service, options, TimeSpan.FromMinutes 1.0)
try
    let js (s: string) = (d :> IJavaScriptExecutor).ExecuteScript s
    let until (f: unit -> bool) = WebDriverWait(d, TimeSpan.FromSeconds 60.0).Until(fun _ -> f ()) |> ignore
    let runs () = Convert.ToInt32(js "return window.descentRuns || 0")
    d.Navigate().GoToUrl url
    until (fun () -> runs () >= 1)
    js "window.descentFrames.length = 0" |> ignore
    let slider = d.FindElement(By.Id "flag-alpha")
    for i in 1..60 do
        let before = runs ()
        slider.SendKeys(if i % 2 = 0 then Keys.ArrowLeft else Keys.ArrowRight)
        until (fun () -> Convert.ToInt32(js "return window.descentFrames.length") >= i && runs () > before)
    let ms = (js "return window.descentFrames" :?> Collections.ObjectModel.ReadOnlyCollection<obj>) |> Seq.map Convert.ToDouble |> Seq.sort |> Array.ofSeq
    let at q = ms.[min (ms.Length - 1) (int (q * float ms.Length))]
    printfn "first frame after a change, over %d changes: p50 %.1f ms, p95 %.1f ms, max %.1f ms" ms.Length (at 0.5) (at 0.95) (Array.last ms)
finally
    d.Quit()
    Process.Start("kill", [ "-TERM"; string server.Id ]).WaitForExit()
    server.WaitForExit()
