/// The charts as a user sees them: written by `descent` with plotly.js 2.35.3 inlined (--plotly-js FILE), rendered by
/// headless Chromium with no network, and read back from the SVG plotly.js drew.
/// Needs Chromium (Debian's `chromium`; .ci/run installs it) and .cache/plotly.js-dist-min-2.35.3/plotly.min.js
/// (.ci/fetch-plotly; tried once here when missing). Without either, the tests are inconclusive, saying why.
module Descent.Tests.BrowserTests

open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions
open NUnit.Framework
open Descent.Tests.Constraints
open Descent.Tests.DescentProcess

let private inconclusive (why: string) : 'a =
    Assert.Inconclusive why
    Unchecked.defaultof<'a>

/// Runs a program, returning (exit code, stdout, stderr); kills it after `minutes`.
let private exec (minutes: float) (program: string) (args: string list) =
    let psi = ProcessStartInfo(program, RedirectStandardOutput = true, RedirectStandardError = true)
    for a in args do
        psi.ArgumentList.Add a
    use p = Process.Start psi |> nonNull
    let out = p.StandardOutput.ReadToEndAsync()
    let err = p.StandardError.ReadToEndAsync()
    if not (p.WaitForExit(TimeSpan.FromMinutes minutes)) then
        p.Kill true
        Assert.Fail $"""{program} {String.Join(" ", args)} did not finish in {minutes} minutes"""
    p.WaitForExit()
    p.ExitCode, out.Result, err.Result

/// The repository's root: the nearest folder above the test binaries holding Hybrid.sln.
let private repoRoot () =
    let rec up (dir: DirectoryInfo | null) =
        match dir with
        | null -> inconclusive $"no Hybrid.sln above {TestContext.CurrentContext.TestDirectory}: cannot find .cache/"
        | d when File.Exists(Path.Combine(d.FullName, "Hybrid.sln")) -> d.FullName
        | d -> up d.Parent
    up (DirectoryInfo TestContext.CurrentContext.TestDirectory)

let private plotlyJs () =
    let root = repoRoot ()
    let file = Path.Combine(root, ".cache", "plotly.js-dist-min-2.35.3", "plotly.min.js")
    if not (File.Exists file) then
        let code, out, err = exec 3.0 "bash" [ Path.Combine(root, ".ci", "fetch-plotly") ]
        if not (File.Exists file) then
            inconclusive $"plotly.js 2.35.3 is not in .cache/ and .ci/fetch-plotly could not fetch it (exit {code}): {out}{err}"
    file

let private chromium () =
    let path = Environment.GetEnvironmentVariable "PATH" |> Option.ofObj |> Option.defaultValue ""
    [ for dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) do
          for name in [ "chromium"; "chromium-browser"; "google-chrome" ] -> Path.Combine(dir, name) ]
    |> List.tryFind File.Exists
    |> Option.defaultWith (fun () -> inconclusive "headless Chromium is not installed (Debian: apt-get install chromium; .ci/run does it)")

/// The page's DOM after plotly.js has drawn it.
let private render (browser: string) (html: string) =
    let profile = freshFolder "chromium-profile"
    let flags = [ "--headless"; "--no-sandbox"; "--disable-gpu"; "--disable-background-networking"; $"--user-data-dir={profile}" ]
    let code, dom, err = exec 2.0 browser (flags @ [ "--dump-dom"; Uri(Path.GetFullPath html).AbsoluteUri ])
    Assert.That(code, Is.EqualTo 0, err)
    Assert.That(dom.Contains "class=\"main-svg\"", Is.True, "plotly.js drew no SVG")
    dom

let private traces (dom: string) = Regex.Matches(dom, "<g class=\"trace scatter").Count

/// Texts of the SVG <text> elements of a class (gtitle, xtitle, ytitle, legendtext).
let private texts (cls: string) (dom: string) =
    [ for m in Regex.Matches(dom, $"<text class=\"{cls}\"[^>]*>([^<]*)<") -> m.Groups.[1].Value ]

/// Chromium and plotly.js, or an inconclusive test saying which is missing.
let private setUp () = chromium (), plotlyJs ()

[<Test>]
let ``loss.html renders its three curves and titles`` () =
    let browser, js = setUp ()
    let dir = freshFolder "browser-train"
    let o = runIn dir [ "train"; "--epochs"; "10"; "--validation-fraction"; "0.2"; "--plotly-js"; js ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let html = Path.Combine(dir, "out", "loss.html")
    Assert.That(File.ReadAllText(html).Contains "<script src=\"https://cdn.plot.ly", Is.False, "the page still loads plotly.js from the CDN")
    let dom = render browser html
    // Training loss, and with --validation-fraction the validation loss and accuracy.
    Assert.That(traces dom, Is.EqualTo 3)
    Assert.That(texts "gtitle" dom, Is.EqualTo [ "Training Loss" ])
    Assert.That(texts "xtitle" dom, Is.EqualTo [ "Epoch #" ])
    Assert.That(texts "ytitle" dom, Does.Contain "Loss")
    Assert.That(texts "y2title" dom, Is.EqualTo [ "Validation: loss (mean per row) and accuracy" ])

[<Test>]
let ``data.html renders each class and one boundary per class for three classes`` () =
    let browser, js = setUp ()
    let dir = freshFolder "browser-data"
    let o = runIn dir [ "train"; "--centers"; "3"; "--epochs"; "20"; "--plotly-js"; js ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let dom = render browser (Path.Combine(dir, "out", "data.html"))
    Assert.That(traces dom, Is.EqualTo 6)
    Assert.That(texts "gtitle" dom, Is.EqualTo [ "Test data and decision boundary" ])
    Assert.That(texts "xtitle" dom, Is.EqualTo [ "x0" ])
    Assert.That(texts "ytitle" dom, Is.EqualTo [ "x1" ])
    Assert.That(texts "legendtext" dom, Is.EqualTo [ "class 0"; "class 1"; "class 2"; "boundary 0 vs rest"; "boundary 1 vs rest"; "boundary 2 vs rest" ])

[<Test>]
let ``sweep-loss.html and sweep-accuracy.html render one trace per configuration and per line`` () =
    let browser, js = setUp ()
    let dir = freshFolder "browser-sweep"
    let o = runIn dir [ "sweep"; "--epochs"; "10"; "--optimizers"; "gd,sgd"; "--alphas"; "0.1,0.01,0.001"; "--plotly-js"; js ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let loss = render browser (Path.Combine(dir, "out", "sweep-loss.html"))
    Assert.That(traces loss, Is.EqualTo 6)
    Assert.That(texts "gtitle" loss, Is.EqualTo [ "Training loss per configuration" ])
    Assert.That(texts "ytitle" loss, Is.EqualTo [ "Loss (log scale)" ])
    Assert.That(texts "legendtext" loss, Does.Contain "optimizer=sgd, alpha=0.001")
    let accuracy = render browser (Path.Combine(dir, "out", "sweep-accuracy.html"))
    Assert.That(traces accuracy, Is.EqualTo 2)
    Assert.That(texts "gtitle" accuracy, Is.EqualTo [ "Test accuracy against learning rate" ])
    Assert.That(texts "xtitle" accuracy, Is.EqualTo [ "Learning rate α (log scale)" ])
    Assert.That(texts "legendtext" accuracy, Is.EqualTo [ "optimizer=gd"; "optimizer=sgd" ])
