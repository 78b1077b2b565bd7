/// descent landscape, lr-find, gradcheck and train --record-weights, run the way a user runs them; the grid's losses
/// are recomputed here by a plain loop of their own, the trajectories compared with descent train's.
module Descent.Tests.ExploreTests

open System
open System.IO
open System.Text.Json
open NUnit.Framework
open Descent.Tests.Constraints
open Descent
open Descent.Tests.DescentProcess

let private json (o: Outcome) =
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    parseJson o.Stdout

/// The lesson's training rows (bias last) and classes, as descent prepares them.
let private lessonRows (e: Experiment) =
    let p = Run.prepare e
    p.Train.X, p.Train.Y

/// Loss plus penalty at class-major weights `w` of one unit, by a plain loop: Σ (σ(x·w) − y)² or the log loss, plus
/// ½·λ·Σ w² over the feature weights.
let private scalarLoss (loss: string) (l2: float) (x: Matrix) (y: int[]) (w: float[]) =
    let d = x.Cols
    let mutable total = 0.0
    for i in 0 .. x.Rows - 1 do
        let mutable z = 0.0
        for j in 0 .. d - 1 do
            z <- z + x.Data.[j * x.Rows + i] * w.[j]
        let t = float y.[i]
        if loss = "sse" then
            let p = if z >= 0.0 then 1.0 / (1.0 + exp -z) else exp z / (1.0 + exp z)
            total <- total + (p - t) * (p - t)
        else
            total <- total + max z 0.0 - t * z + log (1.0 + exp -(abs z))
    total + 0.5 * l2 * Seq.sum (seq { for j in 0 .. d - 2 -> w.[j] * w.[j] })

let private assertRelative (tolerance: float) (expected: float) (actual: float) (what: string) =
    Assert.That(abs (actual - expected), Is.LessThanOrEqualTo(tolerance * abs expected), $"{what}: expected {expected:R}, got {actual:R}")

[<TestCase("sse", 0.0)>]
[<TestCase("sse", 0.05)>]
[<TestCase("logloss", 0.0)>]
[<TestCase("logloss", 0.01)>]
let ``every sampled grid loss of --axes is the loss at those weights within 1e-12`` (loss: string, l2: float) =
    let args = [ "--loss"; loss; "--l2"; string l2; "--epochs"; "30" ]
    let doc = json (run ([ "landscape"; "--resolution"; "41"; "--json"; "--no-plots" ] @ args))
    let grid = doc.GetProperty "grid"
    let a, b = doubles (grid.GetProperty "a"), doubles (grid.GetProperty "b")
    let rows = [| for r in (grid.GetProperty "loss").EnumerateArray() -> doubles r |]
    Assert.That((a.Length, b.Length, rows.Length, rows.[0].Length), Is.EqualTo((41, 41, 41, 41)))
    let center = doubles (doc.GetProperty "center")
    let x, y = lessonRows { Experiment.lesson with Loss = Names.tryParse Names.losses loss |> Option.get; L2 = l2 }
    for r in 0 .. 5 .. 40 do
        for k in 0 .. 7 .. 40 do
            let w = Array.copy center
            w.[0] <- a.[k]
            w.[1] <- b.[r]
            assertRelative 1e-12 (scalarLoss loss l2 x y w) rows.[r].[k] $"a={a.[k]} b={b.[r]}"

[<Test>]
let ``every sampled grid loss of --directions random is the loss at c + a·u + b·v within 1e-12`` () =
    let doc = json (run [ "landscape"; "--directions"; "random"; "--direction-seed"; "7"; "--resolution"; "21"; "--json"; "--no-plots"; "--epochs"; "20" ])
    let dirs = doc.GetProperty "directions"
    let u, v = doubles (dirs.GetProperty "u"), doubles (dirs.GetProperty "v")
    let center = doubles (doc.GetProperty "center")
    // Filter normalisation: each direction has the centre's norm (one output).
    let norm (p: float[]) = sqrt (Array.sumBy (fun q -> q * q) p)
    assertRelative 1e-12 (norm center) (norm u) "|u|"
    assertRelative 1e-12 (norm center) (norm v) "|v|"
    let grid = doc.GetProperty "grid"
    let a, b = doubles (grid.GetProperty "a"), doubles (grid.GetProperty "b")
    let rows = [| for r in (grid.GetProperty "loss").EnumerateArray() -> doubles r |]
    let x, y = lessonRows Experiment.lesson
    for r in [ 0; 7; 20 ] do
        for k in [ 0; 10; 19 ] do
            let w = Array.init 3 (fun j -> center.[j] + a.[k] * u.[j] + b.[r] * v.[j])
            assertRelative 1e-12 (scalarLoss "sse" 0.0 x y w) rows.[r].[k] $"a={a.[k]} b={b.[r]}"

[<Test>]
let ``the first path runs from the initial to the final weights train reports, and each compared rule is its own training`` () =
    let trained = json (run [ "train"; "--json"; "--no-plots"; "--epochs"; "40" ])
    let doc = json (run [ "landscape"; "--json"; "--no-plots"; "--epochs"; "40"; "--compare"; "sgd,momentum,nesterov:0.02"; "--resolution"; "11" ])
    let paths = [ for p in (doc.GetProperty "paths").EnumerateArray() -> p ]
    Assert.That(paths |> List.map (fun p -> p.GetProperty("name").GetString()),
                Is.EqualTo [ "gd α=0.01"; "sgd α=0.01"; "momentum 0.9 gd α=0.01"; "nesterov 0.9 gd α=0.02" ])
    let points (p: JsonElement) = [| for q in (p.GetProperty "points").EnumerateArray() -> doubles q |]
    for p in paths do
        Assert.That((points p).Length, Is.EqualTo 41, "the start and one point per epoch")
    let own = points paths.[0]
    let initial, final = doubles (trained.GetProperty "initialWeights"), doubles (trained.GetProperty "weights")
    Assert.That(own.[0].[0 .. 1], Is.EqualTo initial.[0 .. 1])
    Assert.That(own.[40].[0 .. 1], Is.EqualTo final.[0 .. 1])
    Assert.That(doubles (doc.GetProperty "center"), Is.EqualTo final)
    // Each point's loss is the loss at its own weights: the start's is train's first epoch loss (batch GD).
    assertRelative 1e-12 ((trained.GetProperty "losses").[0].GetDouble()) own.[0].[2] "loss at the start"
    let sgd = json (run [ "train"; "--json"; "--no-plots"; "--epochs"; "40"; "--optimizer"; "sgd" ])
    Assert.That((points paths.[1]).[40].[0 .. 1], Is.EqualTo (doubles (sgd.GetProperty "weights")).[0 .. 1])
    let nesterov = json (run [ "train"; "--json"; "--no-plots"; "--epochs"; "40"; "--momentum"; "0.9"; "--nesterov"; "--alpha"; "0.02" ])
    Assert.That((points paths.[3]).[40].[0 .. 1], Is.EqualTo (doubles (nesterov.GetProperty "weights")).[0 .. 1])
    // The line from the initial to the final weights: t = 0 and t = 1 are the path's ends.
    let line = [| for q in (doc.GetProperty "line").EnumerateArray() -> doubles q |]
    Assert.That(line.Length, Is.EqualTo 201)
    let at t = line |> Array.find (fun q -> abs (q.[0] - t) < 1e-12)
    assertRelative 1e-12 own.[0].[2] (at 0.0).[1] "line at t = 0"
    assertRelative 1e-12 own.[40].[2] (at 1.0).[1] "line at t = 1"

[<Test>]
let ``landscape-3d.html draws each path on the surface, at the slice's loss, with its own loss on hover`` () =
    let dir = freshFolder "landscape-3d"
    let doc = json (runIn dir [ "landscape"; "--json"; "--epochs"; "30"; "--resolution"; "11"; "--compare"; "sgd" ])
    let data, layout = ChartPage.parts (File.ReadAllText(Path.Combine(dir, "out", "landscape-3d.html")))
    let log = layout.GetProperty("scene").GetProperty("zaxis").GetProperty("title").GetString() = "log10(loss)"
    let center = doubles (doc.GetProperty "center")
    let x, y = lessonRows Experiment.lesson
    let paths = [ for p in (doc.GetProperty "paths").EnumerateArray() -> p ]
    let drawn = [ for t in data.EnumerateArray() do if t.GetProperty("type").GetString() = "scatter3d" then t ]
    Assert.That(drawn.Length, Is.EqualTo 2)
    for p, t in List.zip paths drawn do
        let points = [| for q in (p.GetProperty "points").EnumerateArray() -> doubles q |]
        let name = p.GetProperty("name").GetString()
        let xs, ys, zs = doubles (t.GetProperty "x"), doubles (t.GetProperty "y"), doubles (t.GetProperty "z")
        let own = doubles (t.GetProperty "customdata")
        Assert.That(zs.Length, Is.EqualTo points.Length)
        for i in 0 .. points.Length - 1 do
            Assert.That((xs.[i], ys.[i]), Is.EqualTo((points.[i].[0], points.[i].[1])))
            // On the surface: the loss at the centre's weights with the plane's two set to the point's.
            let w = Array.copy center
            w.[0] <- xs.[i]
            w.[1] <- ys.[i]
            let slice = scalarLoss "sse" 0.0 x y w
            assertRelative 1e-12 (if log then log10 slice else slice) zs.[i] $"{name} point {i} on the surface"
            // On hover: the loss at the path's own weights, as the JSON gives it.
            Assert.That(own.[i], Is.EqualTo points.[i].[2])
        // The start's bias is the initial one, not the centre's: its own loss is off the surface.
        let start = if log then log10 own.[0] else own.[0]
        Assert.That(abs (zs.[0] - start), Is.GreaterThan(1e-6 * abs start), "the start's own loss equals the slice's")
        StringAssert.Contains("customdata", t.GetProperty("hovertemplate").GetString())
    StringAssert.Contains("hover: the loss at the path's own weights", layout.GetProperty("legend").GetProperty("title").GetProperty("text").GetString())

[<Test>]
let ``the default grid covers every path and the files hold every point`` () =
    let dir = freshFolder "landscape-files"
    let o = runIn dir [ "landscape"; "--resolution"; "15"; "--epochs"; "25"; "--compare"; "momentum" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let csv = File.ReadAllLines(Path.Combine(dir, "out", "landscape.csv"))
    Assert.That(csv.[0], Is.EqualTo "x0,x1,loss")
    Assert.That(csv.Length, Is.EqualTo(1 + 15 * 15))
    Assert.That(File.Exists(Path.Combine(dir, "out", "landscape.html")) && File.Exists(Path.Combine(dir, "out", "landscape-3d.html")))
    let doc = json (runIn dir [ "landscape"; "--resolution"; "15"; "--epochs"; "25"; "--compare"; "momentum"; "--json"; "--no-plots" ])
    let grid = doc.GetProperty "grid"
    let a, b = doubles (grid.GetProperty "a"), doubles (grid.GetProperty "b")
    for p in (doc.GetProperty "paths").EnumerateArray() do
        for q in (p.GetProperty "points").EnumerateArray() do
            let q = doubles q
            Assert.That(q.[0], Is.InRange(a.[0], Array.last a))
            Assert.That(q.[1], Is.InRange(b.[0], Array.last b))

[<Test>]
let ``a landscape whose losses overflow draws the finite ones and says how many were not`` () =
    let dir = freshFolder "landscape-overflow"
    let o = runIn dir [ "landscape"; "--loss"; "logloss"; "--span"; "1e306"; "--resolution"; "5"; "--epochs"; "3" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    StringAssert.IsMatch(@"\[INFO\] \d+ of 25 grid points have a loss that is not finite", o.Stdout)
    let doc = json (runIn dir [ "landscape"; "--loss"; "logloss"; "--span"; "1e306"; "--resolution"; "5"; "--epochs"; "3"; "--json"; "--no-plots" ])
    let values = [ for r in (doc.GetProperty "grid").GetProperty("loss").EnumerateArray() do for v in r.EnumerateArray() -> v ]
    let nulls = values |> List.filter (fun v -> v.ValueKind = JsonValueKind.Null) |> List.length
    Assert.That(nulls, Is.GreaterThan 0)
    Assert.That(nulls, Is.EqualTo((doc.GetProperty "notFinite").GetInt32()))

[<Test>]
let ``train --record-weights puts every epoch's weights in the history, and only then`` () =
    let doc = json (run [ "train"; "--json"; "--no-plots"; "--epochs"; "12"; "--record-weights" ])
    let history = [ for h in (doc.GetProperty "history").EnumerateArray() -> h ]
    Assert.That(history.Length, Is.EqualTo 12)
    Assert.That(doubles (history.[11].GetProperty "weights"), Is.EqualTo(doubles (doc.GetProperty "weights")))
    // Epoch 1's weights are one GD step from the initial weights: W − α·g, as the 2-epoch run ends.
    let two = json (run [ "train"; "--json"; "--no-plots"; "--epochs"; "2" ])
    Assert.That(doubles (history.[1].GetProperty "weights"), Is.EqualTo(doubles (two.GetProperty "weights")))
    let plain = json (run [ "train"; "--json"; "--no-plots"; "--epochs"; "12" ])
    for h in (plain.GetProperty "history").EnumerateArray() do
        Assert.That(h.TryGetProperty("weights") |> fst, Is.False)

/// The frames and the layout (with the slider) of a data.html replay.
let private replay (page: string) =
    let frames = ChartPage.tryPart "frames" page |> Option.defaultWith (fun () -> failwith "data.html has no frames")
    [ for f in frames.EnumerateArray() -> f ], snd (ChartPage.parts page)

[<TestCase(30, 30)>]
[<TestCase(1000, 200)>]
// 450 epochs: every third epoch (1, 4, …, 448) and the last, 151 frames.
[<TestCase(450, 151)>]
let ``data.html replays the boundary in at most 200 frames, the first and last epochs always`` (epochs: int, frames: int) =
    let dir = freshFolder "replay"
    let o = runIn dir [ "train"; "--epochs"; string epochs; "--json" ]
    let doc = json o
    let page = File.ReadAllText(Path.Combine(dir, "out", "data.html"))
    let shown, layout = replay page
    Assert.That(shown.Length, Is.InRange(frames - 1, frames + 1))
    Assert.That(shown.Head.GetProperty("name").GetString(), Is.EqualTo "epoch 1")
    Assert.That((List.last shown).GetProperty("name").GetString(), Is.EqualTo $"epoch {epochs}")
    let steps = (layout.GetProperty "sliders").[0].GetProperty "steps"
    Assert.That(steps.GetArrayLength(), Is.EqualTo shown.Length)
    Assert.That((layout.GetProperty "updatemenus").[0].GetProperty("buttons").[0].GetProperty("label").GetString(), Is.EqualTo "Play")
    // The last frame's boundary is the final weights' line: w0·x + w1·y + b = 0 at both ends; its loss so far is
    // every epoch's loss.
    let w = doubles (doc.GetProperty "weights")
    let last = (List.last shown).GetProperty "data"
    let xs, ys = doubles (last.[0].GetProperty "x"), doubles (last.[0].GetProperty "y")
    for i in 0 .. 1 do
        Assert.That(w.[0] * xs.[i] + w.[1] * ys.[i] + w.[2], Is.EqualTo(0.0).Within(1e-9 * (1.0 + abs w.[2])))
    Assert.That(doubles (last.[1].GetProperty "y"), Is.EqualTo(doubles (doc.GetProperty "losses")))

[<Test>]
let ``lr-find's smoothed curve follows its formula, and training at the suggested rate reaches 0.99`` () =
    let doc = json (run [ "lr-find"; "--optimizer"; "sgd"; "--batch-size"; "32"; "--json"; "--no-plots" ])
    let points = [| for p in (doc.GetProperty "points").EnumerateArray() -> p |]
    Assert.That(points.Length, Is.InRange(2, 100))
    let mutable mean = 0.0
    for i in 0 .. points.Length - 1 do
        let p = points.[i]
        let rate = 1e-7 * (10.0 / 1e-7) ** (float i / 99.0)
        assertRelative 1e-12 rate ((p.GetProperty "rate").GetDouble()) $"rate {i}"
        mean <- 0.98 * mean + 0.02 * (p.GetProperty "loss").GetDouble()
        assertRelative 1e-12 (mean / (1.0 - 0.98 ** float (i + 1))) ((p.GetProperty "smoothed").GetDouble()) $"smoothed {i}"
    // The first step's loss is the first batch's loss at the initial weights, as SGD's first step sees it.
    let suggested = (doc.GetProperty "suggested").GetDouble()
    Assert.That(suggested, Is.InRange(1e-7, 10.0))
    let trained = json (run [ "train"; "--optimizer"; "sgd"; "--batch-size"; "32"; "--alpha"; suggested.ToString "R"; "--json"; "--no-plots" ])
    Assert.That((trained.GetProperty "accuracy").GetDouble(), Is.GreaterThanOrEqualTo 0.99)

[<Test>]
let ``lr-find trains a network: its steps are the network's, from the network's initial weights`` () =
    // Batch GD: each step reads the whole training set, so the first step's loss is train's first epoch loss.
    let network = [ "--hidden"; "8,4"; "--activation"; "tanh"; "--loss"; "logloss" ]
    let doc = json (run ([ "lr-find"; "--steps"; "30"; "--json"; "--no-plots" ] @ network))
    let points = [| for p in (doc.GetProperty "points").EnumerateArray() -> p |]
    Assert.That(points.Length, Is.InRange(2, 30))
    let trained = json (run ([ "train"; "--epochs"; "1"; "--alpha"; ((points.[0].GetProperty "rate").GetDouble()).ToString "R"; "--json"; "--no-plots" ] @ network))
    let firstEpoch = (trained.GetProperty "history").[0].GetProperty("loss").GetDouble()
    assertRelative 1e-12 firstEpoch ((points.[0].GetProperty "loss").GetDouble()) "first step"
    // The linear model's first loss differs: the network's own weights were stepped.
    let linear = json (run [ "lr-find"; "--steps"; "30"; "--loss"; "logloss"; "--json"; "--no-plots" ])
    Assert.That((linear.GetProperty "points").[0].GetProperty("loss").GetDouble(), Is.Not.EqualTo(firstEpoch))

[<Test>]
let ``lr-find stops once the smoothed loss passes four times its minimum`` () =
    let doc = json (run [ "lr-find"; "--loss"; "logloss"; "--max-lr"; "1e6"; "--steps"; "200"; "--json"; "--no-plots" ])
    let smoothed = [| for p in (doc.GetProperty "points").EnumerateArray() -> (p.GetProperty "smoothed").GetDouble() |]
    Assert.That((doc.GetProperty "stoppedEarly").GetBoolean(), Is.True)
    Assert.That(smoothed.Length, Is.LessThan 200)
    let last = Array.last smoothed
    Assert.That(not (Double.IsFinite last) || last > 4.0 * Array.min smoothed.[.. smoothed.Length - 2])

[<Test>]
let ``lr-find writes its curve and table`` () =
    let dir = freshFolder "lr-find-files"
    let o = runIn dir [ "lr-find"; "--steps"; "30" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    StringAssert.Contains("suggested learning rate", o.Stdout)
    let csv = File.ReadAllLines(Path.Combine(dir, "out", "lr-find.csv"))
    Assert.That(csv.[0], Is.EqualTo "step,rate,loss,smoothed_loss")
    Assert.That(csv.Length, Is.EqualTo 31)
    Assert.That(File.Exists(Path.Combine(dir, "out", "lr-find.html")))

/// Every loss there is, with and without the L2 penalty, at both ends of training.
let gradcheckCases =
    [| for name, _ in Names.losses do
           for l2 in [ "0"; "0.05" ] do
               for at in [ "initial"; "final" ] -> TestCaseData(name, l2, at) |]

[<TestCaseSource(nameof gradcheckCases)>]
let ``gradcheck passes for every loss and penalty`` (loss: string, l2: string, at: string) =
    // A rate every loss descends at on the lesson's data (squared hinge overflows at the lesson's 0.01 in 20 epochs).
    let doc = json (run [ "gradcheck"; "--loss"; loss; "--l2"; l2; "--at"; at; "--epochs"; "20"; "--alpha"; "0.001"; "--json" ])
    Assert.That((doc.GetProperty "maxRelativeError").GetDouble(), Is.LessThanOrEqualTo 1e-6)
    Assert.That((doc.GetProperty "passed").GetBoolean(), Is.True)
    let weights = [ for w in (doc.GetProperty "weights").EnumerateArray() -> w ]
    // Softmax has one output per class (two here), the other losses one output for two classes.
    let outputs = if loss = "softmax" then 2 else 1
    Assert.That(weights.Length, Is.EqualTo(3 * outputs))
    let names = [ for k in 0 .. outputs - 1 do for n in [ "x0"; "x1"; "bias" ] -> if outputs = 1 then n else $"{n}[{k}]" ]
    Assert.That(weights |> List.map (fun w -> w.GetProperty("name").GetString()), Is.EqualTo names)
    // The analytic column is the gradient the kernels compute: at the initial weights, one GD step of rate 1 moves
    // W by exactly −g. The run JSON holds W as numpy's (d, K) list of lists when K > 1; the check's rows are
    // class-major (weight i is feature i % 3 of output i / 3).
    let flat (e: JsonElement) =
        if outputs = 1 then doubles e
        else
            let rows = [| for r in e.EnumerateArray() -> doubles r |]
            Array.init (3 * outputs) (fun i -> rows.[i % 3].[i / 3])
    if at = "initial" then
        let one = json (run [ "train"; "--loss"; loss; "--l2"; l2; "--epochs"; "1"; "--alpha"; "1"; "--json"; "--no-plots" ])
        let w0, w1 = flat (one.GetProperty "initialWeights"), flat (one.GetProperty "weights")
        for i in 0 .. 3 * outputs - 1 do
            let g = weights.[i].GetProperty("analytic").GetDouble()
            Assert.That(w0.[i] - w1.[i], Is.EqualTo(g).Within(1e-12 * max 1.0 (abs g)))

[<Test>]
let ``gradcheck prints the table and exits 3 when the worst error passes the tolerance`` () =
    let o = run [ "gradcheck"; "--tolerance"; "1e-15"; "--h"; "1e-3" ]
    Assert.That(o.ExitCode, Is.EqualTo 3, o.Stderr)
    StringAssert.StartsWith("descent: the gradient check failed: worst relative error", o.Stderr)
    StringAssert.Contains("relative error", o.Stdout)
    StringAssert.Contains("numerical", o.Stdout)
    let ok = run [ "gradcheck"; "--at"; "final"; "--centers"; "3" ]
    Assert.That(ok.ExitCode, Is.EqualTo 0, ok.Stderr)
    StringAssert.Contains("x1[2]", ok.Stdout)
    StringAssert.Contains("analytic gradient", ok.Stdout)

let badCases =
    refusals
        [ refusedValues [ "landscape" ] "--axes" [ "0,3"; "1,1"; "-1,0"; "a,b" ]
          refusedValues [ "landscape" ] "--resolution" [ "1"; "1000000" ]
          refusedValues [ "landscape" ] "--span" [ "0"; "-2"; "Infinity"; "nan" ]
          refusedAs "--span" [ "landscape"; "--span"; "1.7e308"; "--epochs"; "2" ]
          refusedValues [ "landscape" ] "--compare" [ "lbfgs"; "sgd:fast"; "sgd,," ]
          refusedValues [ "landscape" ] "--directions" [ "pcb"; "axes" ]
          refusedValues [ "landscape"; "--directions"; "random" ] "--axes" [ "0,1" ]
          refusedValues [ "landscape" ] "--center" [ "middle" ]
          refusedValues [ "landscape" ] "--direction-seed" [ "3" ]
          refusedValues [ "landscape" ] "--save-model" [ "m.json" ]
          refusedAs "--min-lr" [ "lr-find"; "--min-lr"; "1"; "--max-lr"; "0.1" ]
          refusedValues [ "lr-find" ] "--min-lr" [ "0"; "-1" ]
          refusedValues [ "lr-find" ] "--max-lr" [ "nan" ]
          refusedValues [ "lr-find" ] "--steps" [ "1" ]
          refusedValues [ "lr-find" ] "--alpha" [ "0.1" ]
          refusedValues [ "gradcheck" ] "--h" [ "0"; "-1e-6" ]
          refusedValues [ "gradcheck" ] "--tolerance" [ "0"; "-1" ]
          refusedValues [ "gradcheck" ] "--at" [ "middle" ]
          refusedValues [ "gradcheck" ] "--out" [ "x" ]
          refusedFlag [ "sweep" ] "--record-weights" ]

[<TestCaseSource(nameof badCases)>]
let ``bad explore input is refused with one line naming the flag, exit 2 and nothing written`` (args: string list, flag: string) =
    assertRefusedWithUsage "bad-explore" runIn args flag |> ignore
