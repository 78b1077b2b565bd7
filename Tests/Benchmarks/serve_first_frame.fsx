// The playground's first frame after a change, measured in the browser: `descent serve` on a free loopback port,
// Debian's Chromium driven through chromedriver (Selenium, from Tests/Serve.Tests' build), 60 moves of the α slider,
// each the time from the input event to plotly.js's promise for the loss chart resolved (the page's own
// window.descentFrames). Prints p50, p95 and max; then the replay's frames per second, five replays of the lesson and
// five of a network. Needs a Release build of Tests/Serve.Tests:
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
    // The replay's rate: five replays of the lesson's 100 epochs (90 frames) and of a network's, each from the replay
    // button to its last frame drawn as traces, in frames per second (the display's rate is 60 here).
    let replays (query: string) (epochs: int) =
        d.Navigate().GoToUrl(url + query)
        until (fun () -> runs () >= 1)
        d.Manage().Timeouts().AsynchronousJavaScript <- TimeSpan.FromMinutes 2.0
        let script =
            $"""const done = arguments[arguments.length - 1];
                (async () => {{
                  const out = [];
                  for (let k = 0; k < 5; k++) {{
                    await new Promise(r => setTimeout(r, 1500));
                    const b = document.getElementById('boundary'), t0 = performance.now(), titles = new Set();
                    document.getElementById('replay').click();
                    await new Promise(r => {{ const f = () => {{ titles.add(b.layout.title.text);
                      if (b.layout.title.text === 'epoch {epochs}' && b.data.some(t => t.name === 'regions')) r(); else requestAnimationFrame(f); }};
                      requestAnimationFrame(f); }});
                    out.push(titles.size / (performance.now() - t0) * 1000);
                  }}
                  done(out.join(','));
                }})();"""
        let fps = (string ((d :> IJavaScriptExecutor).ExecuteAsyncScript script)).Split(',') |> Array.map (fun v -> Double.Parse(v, Globalization.CultureInfo.InvariantCulture)) |> Array.sort
        String.Join(" ", fps |> Array.map (sprintf "%.0f"))
    printfn "replay, frames per second over five replays: the lesson %s; a network (moons, 2-8-1 tanh) %s" (replays "" 100) (replays "?dataset=moons&noise=0.1&hidden=8&activation=tanh&optimizer=adam&alpha=0.05" 100)
finally
    d.Quit()
    Process.Start("kill", [ "-TERM"; string server.Id ]).WaitForExit()
    server.WaitForExit()
