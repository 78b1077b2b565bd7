/// The pages as a user sees them: written by `descent` with its defaults (plotly.js written beside them), rendered by
/// headless Chromium in a 1200-pixel-wide window with the network cut off (every host name fails to resolve), and read
/// back from what plotly.js drew: its SVG, the figure it holds, and the page's width.
/// Needs Chromium (Debian's `chromium`; .ci/run installs it); without it the tests are inconclusive, saying why.
module Descent.Tests.BrowserTests

open System
open System.Diagnostics
open System.IO
open System.Text.RegularExpressions
open NUnit.Framework
open Descent
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

let private chromium () =
    let path = Environment.GetEnvironmentVariable "PATH" |> Option.ofObj |> Option.defaultValue ""
    [ for dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries) do
          for name in [ "chromium"; "chromium-browser"; "google-chrome" ] -> Path.Combine(dir, name) ]
    |> List.tryFind File.Exists
    |> Option.defaultWith (fun () -> inconclusive "headless Chromium is not installed (Debian: apt-get install chromium; .ci/run does it)")

/// The window's width: every page must fit it without a horizontal scroll bar.
[<Literal>]
let private WindowWidth = 1200

/// What plotly.js holds once it has drawn the page, written into the DOM by a script appended to a copy of the page
/// (beside it, so that its relative <script src> resolves as the page's does): each trace's type, name and number
/// of values (rows × columns of z for a contour or surface, else points), the frames it was given, the steps of each
/// slider, the traces its SVG drew (scatters; a contour's levels apart), its legend's entries, whether a 3-D scene got a WebGL plot, and the document's
/// widths.
let private probe =
    """<script>setTimeout(function () {
  var gd = document.getElementById('chart');
  var count = function (t) { return t.z && t.type !== 'scatter3d' ? [t.z.length, t.z[0].length] : [(t.x || []).length]; };
  var scene = gd._fullLayout && gd._fullLayout.scene;
  var o = { traces: (gd._fullData || []).map(function (t) { return { type: t.type, name: t.name, n: count(t) }; }),
            frames: ((gd._transitionData || {})._frames || []).map(function (f) { return f.name; }),
            sliders: ((gd._fullLayout || {}).sliders || []).map(function (s) { return s.steps.length; }),
            buttons: ((gd._fullLayout || {}).updatemenus || []).map(function (m) { return m.buttons.map(function (b) { return b.label; }); }),
            svgTraces: document.querySelectorAll('.main-svg .cartesianlayer g.trace').length,
            contourLevels: document.querySelectorAll('.main-svg .contourlayer g.contourlevel').length,
            legend: document.querySelectorAll('.main-svg .legend g.traces').length,
            webgl: !!(scene && scene._scene && scene._scene.glplot),
            scrollWidth: document.documentElement.scrollWidth,
            clientWidth: document.documentElement.clientWidth };
  var pre = document.createElement('pre'); pre.id = 'drawn'; pre.textContent = JSON.stringify(o); document.body.appendChild(pre);
}, 500);</script></body>"""

/// The page's DOM and what plotly.js drew (see probe), rendered offline in a WindowWidth-pixel window.
let private render (browser: string) (html: string) =
    let copy = Path.Combine(Path.GetDirectoryName(Path.GetFullPath html), "probe-" + Path.GetFileName html)
    File.WriteAllText(copy, File.ReadAllText(html).Replace("</body>", probe))
    let profile = freshFolder "chromium-profile"
    let flags =
        [ "--headless"; "--no-sandbox"; "--disable-gpu"; "--disable-background-networking"
          // No network: every host name fails to resolve, so a page that needs the CDN draws nothing.
          "--host-resolver-rules=MAP * ~NOTFOUND"
          $"--window-size={WindowWidth},900"; "--virtual-time-budget=10000"; $"--user-data-dir={profile}" ]
    let code, dom, err = exec 3.0 browser (flags @ [ "--dump-dom"; Uri(copy).AbsoluteUri ])
    Assert.That(code, Is.EqualTo 0, err)
    let m = Regex.Match(dom, "<pre id=\"drawn\">([^<]*)</pre>")
    Assert.That(m.Success, Is.True, $"{Path.GetFileName html}: the probe did not run")
    dom, parseJson (Net.WebUtility.HtmlDecode m.Groups.[1].Value)

let private int (o: Text.Json.JsonElement) (name: string) = o.GetProperty(name).GetInt32()

/// Renders a page descent wrote and checks what every page must do: load plotly.js from beside it (no network),
/// draw (plotly.js's SVG is there, with one legend entry or more) and fit the window without horizontal scrolling.
let private drawn (browser: string) (html: string) =
    let text = File.ReadAllText html
    Assert.That(text, Does.Contain $"<script src=\"{PlotlyJs.FileName}\"></script>", $"{Path.GetFileName html} does not load the plotly.js beside it")
    Assert.That(File.Exists(Path.Combine(Path.GetDirectoryName html |> nonNull, PlotlyJs.FileName)), $"no {PlotlyJs.FileName} beside {html}")
    let dom, o = render browser html
    Assert.That(dom.Contains "class=\"main-svg\"", Is.True, $"{Path.GetFileName html}: plotly.js drew no SVG")
    Assert.That(int o "legend", Is.GreaterThan 0, $"{Path.GetFileName html}: no legend entry drawn")
    let scroll, client = int o "scrollWidth", int o "clientWidth"
    Assert.That(scroll, Is.LessThanOrEqualTo(min WindowWidth client), $"{Path.GetFileName html} is {scroll} px wide in a {WindowWidth} px window")
    dom, o

/// Each trace's (type, name, number of values) as plotly.js holds it.
let private traceList (o: Text.Json.JsonElement) =
    [ for t in o.GetProperty("traces").EnumerateArray() ->
          t.GetProperty("type").GetString(), t.GetProperty("name").GetString(), [ for n in t.GetProperty("n").EnumerateArray() -> n.GetInt32() ] ]

let private traces (dom: string) = Regex.Matches(dom, "<g class=\"trace scatter").Count

/// Texts of the SVG <text> elements of a class (gtitle, xtitle, ytitle, legendtext).
let private texts (cls: string) (dom: string) =
    [ for m in Regex.Matches(dom, $"<text class=\"{cls}\"[^>]*>([^<]*)<") -> m.Groups.[1].Value ]

[<Test>]
let ``loss.html renders its three curves and titles`` () =
    let browser = chromium ()
    let dir = freshFolder "browser-train"
    let o = runIn dir [ "train"; "--epochs"; "10"; "--validation-fraction"; "0.2" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let dom, page = drawn browser (Path.Combine(dir, "out", "loss.html"))
    // Training loss, and with --validation-fraction the validation loss and accuracy.
    Assert.That(traces dom, Is.EqualTo 3)
    Assert.That(int page "svgTraces", Is.EqualTo 3)
    Assert.That(texts "gtitle" dom, Is.EqualTo [ "Training Loss" ])
    Assert.That(texts "xtitle" dom, Is.EqualTo [ "Epoch #" ])
    Assert.That(texts "ytitle" dom, Does.Contain "Loss")
    Assert.That(texts "y2title" dom, Is.EqualTo [ "Validation: loss (mean per row) and accuracy" ])

[<Test>]
let ``data.html renders each class and one boundary per class for three classes`` () =
    let browser = chromium ()
    let dir = freshFolder "browser-data"
    let o = runIn dir [ "train"; "--centers"; "3"; "--epochs"; "20" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let dom, page = drawn browser (Path.Combine(dir, "out", "data.html"))
    // The classes, the boundaries and the replay's loss so far.
    Assert.That(traces dom, Is.EqualTo 7)
    Assert.That(int page "svgTraces", Is.EqualTo 7)
    Assert.That(texts "gtitle" dom, Is.EqualTo [ "Test data and decision boundary" ])
    Assert.That(texts "xtitle" dom, Is.EqualTo [ "x0" ])
    Assert.That(texts "ytitle" dom, Is.EqualTo [ "x1" ])
    Assert.That(texts "legendtext" dom, Is.EqualTo [ "class 0"; "class 1"; "class 2"; "boundary 0 vs rest"; "boundary 1 vs rest"; "boundary 2 vs rest"; "loss so far" ])

[<Test>]
let ``sweep and merge pages render one trace per configuration and per line`` () =
    let browser = chromium ()
    let dir = freshFolder "browser-sweep"
    let grid = [ "--epochs"; "10"; "--optimizers"; "gd,sgd"; "--alphas"; "0.1,0.01,0.001" ]
    let o = runIn dir ([ "sweep" ] @ grid)
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    for i in 1 .. 2 do
        Assert.That((runIn dir ([ "sweep"; "--shard"; $"{i}/2"; "--out"; "parts" ] @ grid)).ExitCode, Is.EqualTo 0)
    let merged = runIn dir [ "merge"; "parts"; "--out"; "merged" ]
    Assert.That(merged.ExitCode, Is.EqualTo 0, merged.Stderr)
    for folder in [ "out"; "merged" ] do
        let loss, _ = drawn browser (Path.Combine(dir, folder, "sweep-loss.html"))
        Assert.That(traces loss, Is.EqualTo 6)
        Assert.That(texts "gtitle" loss, Is.EqualTo [ "Training loss per configuration" ])
        Assert.That(texts "ytitle" loss, Is.EqualTo [ "Loss (log scale)" ])
        Assert.That(texts "legendtext" loss, Does.Contain "optimizer=sgd, alpha=0.001")
        let accuracy, _ = drawn browser (Path.Combine(dir, folder, "sweep-accuracy.html"))
        Assert.That(traces accuracy, Is.EqualTo 2)
        Assert.That(texts "gtitle" accuracy, Is.EqualTo [ "Test accuracy against learning rate" ])
        Assert.That(texts "xtitle" accuracy, Is.EqualTo [ "Learning rate α (log scale)" ])
        Assert.That(texts "legendtext" accuracy, Is.EqualTo [ "optimizer=gd"; "optimizer=sgd" ])

[<Test>]
let ``landscape.html draws an N x N contour, every path with its points and the line; landscape-3d.html a surface`` () =
    let browser = chromium ()
    let dir = freshFolder "browser-landscape"
    let o = runIn dir [ "landscape"; "--resolution"; "31"; "--epochs"; "20"; "--compare"; "sgd,nesterov" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let _, page = drawn browser (Path.Combine(dir, "out", "landscape.html"))
    Assert.That(traceList page,
                Is.EqualTo [ "contour", "loss", [ 31; 31 ]
                             "scatter", "gd α=0.01", [ 21 ]
                             "scatter", "sgd α=0.01", [ 21 ]
                             "scatter", "nesterov 0.9 gd α=0.01", [ 21 ]
                             "scatter", "start", [ 3 ]
                             "scatter", "end", [ 3 ]
                             "scatter", "initial → final", [ 201 ] ])
    Assert.That(int page "svgTraces", Is.EqualTo 6, "the paths, start, end and line")
    Assert.That(int page "contourLevels", Is.GreaterThan 10, "the contour's levels")
    let _, surface = drawn browser (Path.Combine(dir, "out", "landscape-3d.html"))
    Assert.That(traceList surface,
                Is.EqualTo [ "surface", "loss", [ 31; 31 ]
                             "scatter3d", "gd α=0.01", [ 21 ]
                             "scatter3d", "sgd α=0.01", [ 21 ]
                             "scatter3d", "nesterov 0.9 gd α=0.01", [ 21 ] ])
    // A 3-D scene is drawn by WebGL, its legend in SVG.
    Assert.That(surface.GetProperty("webgl").GetBoolean(), Is.True, "the 3-D scene got no WebGL plot")
    Assert.That(int surface "legend", Is.EqualTo 3)

[<Test>]
let ``data.html replays the boundary: its frames, one slider step per frame, play and pause`` () =
    let browser = chromium ()
    let dir = freshFolder "browser-replay"
    let o = runIn dir [ "train"; "--epochs"; "500" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let _, page = drawn browser (Path.Combine(dir, "out", "data.html"))
    let frames = [ for f in page.GetProperty("frames").EnumerateArray() -> f.GetString() ]
    Assert.That(frames.Length, Is.InRange(150, 201))
    Assert.That(frames.Head, Is.EqualTo "epoch 1")
    Assert.That(List.last frames, Is.EqualTo "epoch 500")
    Assert.That([ for s in page.GetProperty("sliders").EnumerateArray() -> s.GetInt32() ], Is.EqualTo [ frames.Length ])
    Assert.That([ for m in page.GetProperty("buttons").EnumerateArray() do for b in m.EnumerateArray() -> b.GetString() ], Is.EqualTo [ "Play"; "Pause" ])
    Assert.That(traceList page |> List.map (fun (_, name, n) -> name, n) |> List.last, Is.EqualTo(("loss so far", [ 500 ])))

[<Test>]
let ``lr-find.html draws the batch losses, the smoothed curve and both suggestions`` () =
    let browser = chromium ()
    let dir = freshFolder "browser-lr-find"
    let o = runIn dir [ "lr-find"; "--steps"; "60"; "--optimizer"; "sgd" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let _, page = drawn browser (Path.Combine(dir, "out", "lr-find.html"))
    let traces = traceList page
    Assert.That(traces |> List.map (fun (t, _, n) -> t, n), Is.EqualTo [ "scatter", [ 60 ]; "scatter", [ 60 ]; "scatter", [ 1 ]; "scatter", [ 1 ] ])
    Assert.That(int page "svgTraces", Is.EqualTo 4)
    let names = traces |> List.map (fun (_, name, _) -> name)
    Assert.That(names.[0 .. 1], Is.EqualTo [ "batch loss"; "smoothed loss" ])
    StringAssert.StartsWith("suggested (steepest): ", names.[2])
    StringAssert.StartsWith("minimum / 10: ", names.[3])

[<Test>]
let ``the browser has no network: a page that loads plotly.js from the CDN draws nothing`` () =
    let browser = chromium ()
    let dir = freshFolder "browser-cdn"
    let o = runIn dir [ "lr-find"; "--steps"; "20"; "--plotly-js"; "cdn" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let dom, page = render browser (Path.Combine(dir, "out", "lr-find.html"))
    Assert.That(dom.Contains "class=\"main-svg\"", Is.False, "the CDN's plotly.js was reached")
    Assert.That(page.GetProperty("traces").GetArrayLength(), Is.EqualTo 0)
