/// The page with a network (hidden=…), in Debian's Chromium through chromedriver: its decision regions are the classes
/// `descent predict` gives the same grid with the run's model.json, its landscape is the network's plane with the path,
/// changing the widths retrains and redraws, and compare mode draws each optimizer's boundary and path.
module Descent.Serve.Tests.NetworkPageTests

open System
open System.Globalization
open System.IO
open System.Text.Json
open NUnit.Framework
open OpenQA.Selenium

let mutable private server: Server option = None
let private url () = server.Value.Url

[<OneTimeSetUp>]
let start () = server <- Some(new Server([]))

[<OneTimeTearDown>]
let stop () = server |> Option.iter (fun s -> (s :> IDisposable).Dispose())

/// A chart's value read by `expression` (JavaScript over `c`, the chart's element), as JSON.
let private read (d: IWebDriver) (chart: string) (expression: string) =
    JsonDocument.Parse(string (js d $"const c = document.getElementById('{chart}'); return JSON.stringify({expression});")).RootElement

let private title (d: IWebDriver) (chart: string) =
    string (js d $"const c = document.getElementById('{chart}'); return c.layout && c.layout.title ? c.layout.title.text : ''")

/// The regions heatmap the page drew: its axes and the class at each point (rows along y).
let private regions (d: IWebDriver) =
    let r = read d "boundary" "c.data.filter(t => t.name === 'regions').map(t => ({ x: t.x, y: t.y, z: t.z }))[0]"
    let numbers (e: JsonElement) = [| for v in e.EnumerateArray() -> v.GetDouble() |]
    numbers (r.GetProperty "x"), numbers (r.GetProperty "y"), [| for row in (r.GetProperty "z").EnumerateArray() -> [| for v in row.EnumerateArray() -> v.GetInt32() |] |]

/// The most class changes along one row or one column of a class map (a straight boundary crosses each at most once).
let private mostChanges (z: int[][]) =
    let changes (line: int[]) = line |> Array.pairwise |> Array.filter (fun (a, b) -> a <> b) |> Array.length
    let columns = Array.init z.[0].Length (fun q -> z |> Array.map (fun row -> row.[q]))
    Array.append z columns |> Array.map changes |> Array.max

let private moonsNet = "dataset=moons&noise=0.1&hidden=8&activation=tanh&optimizer=adam&alpha=0.05&epochs=60"

[<Test>]
let ``a network's regions are the classes descent predict gives the grid, its landscape the network's plane with the path`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?{moonsNet}")
    waitFor d "the run's last epoch drawn" (fun () -> runs d >= 1 && title d "boundary" = "epoch 60")
    Assert.That(command d, Is.EqualTo "descent train --dataset moons --noise 0.1 --hidden 8 --activation tanh --optimizer adam --alpha 0.05 --epochs 60")
    // The network's boundary: the score's zero line over the grid (a contour), not a linear model's straight line.
    Assert.That(traceNames d "boundary", Does.Contain "adam boundary")
    Assert.That(string (read d "boundary" "c.data.find(t => t.name === 'adam boundary').type"), Is.EqualTo "contour")
    let xs, ys, z = regions d
    Assert.That((xs.Length, ys.Length, z.Length), Is.EqualTo((61, 61, 61)))
    // The same grid through descent predict with the run's model.json.
    let dir = freshFolder "regions"
    let status, model = get $"{url ()}api/model?{moonsNet}"
    Assert.That(status, Is.EqualTo 200, model)
    File.WriteAllText(Path.Combine(dir, "model.json"), model)
    let features = JsonDocument.Parse(model).RootElement.GetProperty("featureNames")
    let classes = [ for c in JsonDocument.Parse(model).RootElement.GetProperty("classes").EnumerateArray() -> c.GetString() ]
    let number (v: float) = v.ToString("R", CultureInfo.InvariantCulture)
    let lines =
        [ yield String.Join(",", [ for f in features.EnumerateArray() -> f.GetString() ])
          for y in ys do
              for x in xs -> number x + "," + number y ]
    File.WriteAllLines(Path.Combine(dir, "grid.csv"), lines)
    let predicted = descent dir [ "predict"; "--model"; "model.json"; "--data"; "grid.csv" ]
    Assert.That(predicted.ExitCode, Is.EqualTo 0, predicted.Stderr)
    let rows = predicted.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
    Assert.That(rows.[0], Does.StartWith "predicted,")
    let byPredict = rows.[1..] |> Array.map (fun r -> List.findIndex ((=) (r.Split(',').[0])) classes)
    let byPage = Array.concat z
    Assert.That(byPage.Length, Is.EqualTo(61 * 61))
    let differing = Array.zip byPage byPredict |> Array.filter (fun (a, b) -> a <> b) |> Array.length
    Assert.That(differing, Is.EqualTo 0, "grid points where the page's class differs from descent predict's")
    Assert.That((byPage |> Array.distinct |> Array.sort |> Array.map string |> String.concat ","), Is.EqualTo "0,1", "both classes on the grid")
    Assert.That(mostChanges z, Is.GreaterThanOrEqualTo 2, "a row or column crossing the boundary twice: no straight line does")
    // The landscape: the network's plane (random, filter-normalised by default), the path of all 60 epochs, the line.
    waitFor d "the network's landscape" (fun () -> (title d "landscape").Contains "network 2–8–1 tanh")
    let grid = read d "landscape" "[c.data[0].type, c.data[0].x.length, c.data[0].y.length, c.data[1].type, c.data[1].contours.coloring]"
    Assert.That(grid.ToString(), Is.EqualTo """["heatmap",41,41,"contour","none"]""")
    Assert.That(string (read d "landscape" "c.data.find(t => t.name === 'adam α=0.05').x.length"), Is.EqualTo "61")
    Assert.That(string (read d "landscape" "[c.layout.xaxis.title.text, c.layout.yaxis.title.text]"), Is.EqualTo """["alpha","beta"]""")
    Assert.That(d.FindElement(By.Id "line-figure").Displayed, Is.True)
    Assert.That(traceNames d "line", Is.EqualTo "adam α=0.05")
    // The plane control: the trajectory's principal components, landscape's own flag in the URL and its command.
    d.FindElement(By.Id "plane").SendKeys "the path's principal"
    waitFor d "the pca plane" (fun () -> string (read d "landscape" "c.layout.xaxis.title.text") = "PC1")
    Assert.That(d.Url, Does.Contain "directions=pca")
    Assert.That(d.FindElement(By.Id "landscape-command").Text, Does.StartWith("descent landscape --dataset moons").And.EndWith("--resolution 41 --directions pca"))
    Assert.That(command d, Does.Not.Contain "directions", "the plane is landscape's flag, not train's")
    Assert.That(d.FindElement(By.Id "error").Text, Is.Empty)

[<Test>]
let ``the epoch slider holds the boundary and the path at an epoch, and the URL keeps it`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?{moonsNet}&epoch=10")
    waitFor d "the views held at epoch 10" (fun () ->
        runs d >= 1 && title d "boundary" = "epoch 10" && (traceNames d "landscape").Contains "adam α=0.05, epoch 10")
    Assert.That(string (read d "landscape" "c.data.find(t => t.name === 'adam α=0.05').x.length"), Is.EqualTo "11")
    Assert.That(d.FindElement(By.Id "epoch-shown").Text, Is.EqualTo "10 / 60")
    let slider = d.FindElement(By.Id "epoch")
    for _ in 1..5 do
        slider.SendKeys Keys.ArrowRight
    waitFor d "epoch 15 shown" (fun () -> title d "boundary" = "epoch 15" && (traceNames d "landscape").Contains "adam α=0.05, epoch 15")
    Assert.That(d.Url, Does.Contain "epoch=15")
    Assert.That(command d + " ", Does.Not.Contain "--epoch ", "the epoch shown is the page's, not a flag of train")
    // A change retrains and shows the new run at the held epoch.
    let before = runs d
    d.FindElement(By.Id "flag-alpha").SendKeys Keys.ArrowRight
    waitFor d "the new rate's run held at epoch 15" (fun () ->
        runs d > before && not ((command d).Contains "--alpha 0.05 ") && title d "boundary" = "epoch 15"
        && (traceNames d "landscape").Contains ", epoch 15" && not ((traceNames d "landscape").Contains "adam α=0.05|"))
    Assert.That(d.Url, Does.Contain "epoch=15")
    // The replay button lets go of the epoch and plays the run to its end.
    d.FindElement(By.Id "replay").Click()
    waitFor d "the replay's end" (fun () -> title d "boundary" = "epoch 60")
    Assert.That(d.Url, Does.Not.Contain "epoch=")

[<Test>]
let ``changing the hidden widths rewrites the command and redraws the regions and the landscape`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?{moonsNet}")
    waitFor d "the network's landscape and the replay's end" (fun () ->
        runs d >= 1 && (title d "landscape").Contains "network 2–8–1 tanh" && title d "boundary" = "epoch 60")
    let _, _, before = regions d
    let box = d.FindElement(By.Id "flag-hidden")
    box.Clear()
    box.SendKeys("4,4" + Keys.Enter)
    waitFor d "the command with the new widths" (fun () -> (command d).Contains "--hidden 4,4 ")
    Assert.That(command d, Is.EqualTo "descent train --dataset moons --noise 0.1 --hidden 4,4 --activation tanh --optimizer adam --alpha 0.05 --epochs 60")
    Assert.That(d.Url, Does.Contain "hidden=4%2C4")
    waitFor d "the new network's landscape" (fun () -> (title d "landscape").Contains "network 2–4–4–1 tanh")
    waitFor d "the new network's last epoch drawn" (fun () -> title d "boundary" = "epoch 60")
    let _, _, after = regions d
    Assert.That((after = before), Is.False, "the regions redrawn for the new network")
    Assert.That(d.FindElement(By.Id "error").Text, Is.Empty)

[<Test>]
let ``compare mode with a network draws each optimizer's boundary, path and line`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?dataset=moons&noise=0.1&hidden=8&activation=tanh&alpha=0.05&epochs=40&compare=gd,adam")
    waitFor d "both boundaries at the last epoch" (fun () ->
        let names = traceNames d "boundary"
        names.Contains "gd boundary" && names.Contains "adam boundary" && title d "boundary" = "epoch 40")
    waitFor d "both paths on the network's landscape" (fun () ->
        let names = traceNames d "landscape"
        names.Contains "gd α=0.05" && names.Contains "adam α=0.05" && (title d "landscape").Contains "network")
    for path in [ "gd α=0.05"; "adam α=0.05" ] do
        Assert.That(string (read d "landscape" $"c.data.find(t => t.name === '{path}').x.length"), Is.EqualTo "41", path)
    Assert.That(traceNames d "line", Is.EqualTo "gd α=0.05|adam α=0.05")
    // Each path in its optimizer's colour in every view.
    let colour chart name = string (read d chart $"c.data.find(t => t.name === '{name}').line.color")
    Assert.That(colour "landscape" "adam α=0.05", Is.EqualTo(colour "boundary" "adam boundary"))
    Assert.That(colour "line" "gd α=0.05", Is.EqualTo(colour "loss" "gd loss"))
    Assert.That(d.FindElement(By.Id "error").Text, Is.Empty)

/// One frame of both charts, read in one script (no frame comes between its reads): the boundary's title, whether it
/// has the regions trace, its layout images, its edge shapes (paths with segments), and the vertices of each path
/// shape on the landscape.
let private frame (d: IWebDriver) =
    let e =
        JsonDocument.Parse(
            string (
                js
                    d
                    """const b = document.getElementById('boundary'), l = document.getElementById('landscape');
                       const paths = s => ((s.layout && s.layout.shapes) || []).filter(x => x.type === 'path');
                       return JSON.stringify({ title: b.layout.title.text, regions: b.data.some(t => t.name === 'regions'),
                         images: (b.layout.images || []).length, edges: paths(b).filter(x => /L/.test(x.path)).length,
                         vertices: paths(l).map(x => (x.path.match(/[ML]/g) || []).length) });"""
            )
        ).RootElement
    let epoch = int ((e.GetProperty "title").GetString().Replace("epoch ", ""))
    epoch, (e.GetProperty "regions").GetBoolean(), (e.GetProperty "images").GetInt32(), (e.GetProperty "edges").GetInt32(),
    [ for v in (e.GetProperty "vertices").EnumerateArray() -> v.GetInt32() ]

[<Test>]
let ``the replay's in-between frames draw the regions as an image, the edges and the path so far as shapes`` () =
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?{moonsNet}")
    waitFor d "the replay's end with the landscape" (fun () ->
        runs d >= 1 && title d "boundary" = "epoch 60" && (title d "landscape").Contains "network" && (traceNames d "landscape").Contains "adam α=0.05, epoch 60")
    js d "document.getElementById('replay').click()" |> ignore
    // Read as often as the driver can (waitFor reads twice a second; the replay lasts one or two).
    let seen = Collections.Generic.List()
    let deadline = DateTime.UtcNow.AddSeconds 60.0
    let mutable ended = false
    while not ended && DateTime.UtcNow < deadline do
        let f = frame d
        seen.Add f
        let epoch, _, _, _, _ = f
        ended <- epoch = 60
    Assert.That(ended, "the replay's end again")
    let between = seen |> Seq.filter (fun (epoch, _, _, _, _) -> epoch > 0 && epoch < 60) |> List.ofSeq
    Assert.That(between, Is.Not.Empty, "frames read during the replay")
    for epoch, regionsTrace, images, edges, vertices in between do
        // The regions are an image, not the heatmap trace; the network's boundary is a path of segments.
        Assert.That((regionsTrace, images), Is.EqualTo((false, 1)), $"epoch {epoch}")
        Assert.That(edges, Is.GreaterThanOrEqualTo 1, $"epoch {epoch}")
        // The path so far ends at the epoch shown, or an earlier one when a slow frame skipped the landscape.
        Assert.That(vertices.Length, Is.LessThanOrEqualTo 1, $"epoch {epoch}")
        for v in vertices do
            Assert.That(v, Is.InRange(2, epoch + 1), $"epoch {epoch}")
    Assert.That(between |> List.exists (fun (epoch, _, _, _, vertices) -> vertices = [ epoch + 1 ]), "a frame with the path up to its epoch")
    // The last frame is the traces again.
    let _, regionsTrace, images, _, _ = frame d
    Assert.That((regionsTrace, images), Is.EqualTo((true, 0)))

/// The landscape's JSON for the page's state, as the page asks for it.
let private landscapeOf (state: string) =
    let status, body = get $"{url ()}api/landscape?{state}&resolution=41"
    Assert.That(status, Is.EqualTo 200, body)
    JsonDocument.Parse(body).RootElement

/// Two points of the plane equal within 1e−9 (the page adds the parts in JavaScript's doubles).
let private near (what: string) ((ax: float), (ay: float)) ((bx: float), (by: float)) =
    Assert.That(ax, Is.EqualTo(bx).Within(1e-9), what + " (a)")
    Assert.That(ay, Is.EqualTo(by).Within(1e-9), what + " (b)")

/// An arrow trace's segments as the page drew them: (tail, tip) pairs, or none when the trace is absent.
let private arrows (d: IWebDriver) (name: string) =
    let r = read d "landscape" $"(c.data.find(t => t.name === '{name}') || {{ x: [], y: [] }})"
    let values (e: JsonElement) = [| for v in e.EnumerateArray() -> if v.ValueKind = JsonValueKind.Null then nan else v.GetDouble() |]
    let x, y = values (r.GetProperty "x"), values (r.GetProperty "y")
    [ for i in 0..3 .. x.Length - 1 -> (x.[i], y.[i]), (x.[i + 1], y.[i + 1]) ]

[<TestCase("optimizer=gd&momentum=0.9", "gradient −α∇L|momentum")>]
[<TestCase("optimizer=adam", "gradient −α∇L|momentum|adaptive scaling")>]
[<TestCase("optimizer=gd", "gradient −α∇L")>]
let ``the step's arrows go tip to tail from the path's point at the epoch shown and end where the step ends`` (rule: string, drawn: string) =
    let state = $"dataset=moons&noise=0.1&hidden=8&activation=tanh&{rule}&alpha=0.05&epochs=40"
    let path = (landscapeOf state).GetProperty("paths").[0]
    match path.TryGetProperty "steps" with
    | true, _ -> ()
    | _ -> Assert.Inconclusive "the landscape's JSON has no paths[].steps in this build (they come with the landscape's step parts)"
    use d = browser ()
    d.Navigate().GoToUrl($"{url ()}?{state}&epoch=10")
    waitFor d "the arrows at epoch 10" (fun () ->
        (title d "landscape").Contains "network" && (traceNames d "landscape").Contains ", epoch 10" && (traceNames d "landscape").Contains "gradient")
    let point = path.GetProperty("points").[10]
    let step = path.GetProperty("steps").[10]
    Assert.That(step.GetProperty("epoch").GetInt32(), Is.EqualTo 10)
    let pair (e: JsonElement) = e.[0].GetDouble(), e.[1].GetDouble()
    let kinds = [ "gradient −α∇L", "gradient"; "momentum", "momentum"; "adaptive scaling", "scaling" ]
    let shown = kinds |> List.filter (fun (name, _) -> not (arrows d name).IsEmpty)
    Assert.That(shown |> List.map fst |> String.concat "|", Is.EqualTo drawn)
    // Tip to tail from points[10], each part its displacement, the last ending at points[10] + step.
    let mutable at = pair point
    for i, (name, key) in List.indexed shown do
        let segments = arrows d name
        Assert.That(segments.Length, Is.EqualTo 1, name)
        let (tx, ty), (hx, hy) = segments.Head
        let dx, dy = pair (step.GetProperty key)
        near $"{name}'s tail" (tx, ty) at
        let sx, sy = pair (step.GetProperty "step")
        let px, py = pair point
        let expected = if i = shown.Length - 1 then px + sx, py + sy else fst at + dx, snd at + dy
        near $"{name}'s tip" (hx, hy) expected
        at <- (hx, hy)
    // Batch gd's step is the path's next displacement: the last arrow ends on points[11].
    if rule.StartsWith "optimizer=gd" then
        let next = pair (path.GetProperty("points").[11])
        near "the last tip on the next point" at next
    Assert.That(d.FindElement(By.Id "error").Text, Is.Empty)
