/// descent landscape --hidden, run as a user runs it: the planes' directions (filter-normalised, principal components),
/// and every sampled grid, path and line loss recomputed here by a plain forward pass over the layers of the JSON.
module Descent.Tests.NetworkLandscapeTests

open System.Text.Json
open NUnit.Framework
open Descent.Tests.Constraints
open Descent
open Descent.Tests.DescentProcess

let private json (o: Outcome) =
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    parseJson o.Stdout

let private assertRelative (tolerance: float) (expected: float) (actual: float) (what: string) =
    Assert.That(abs (actual - expected), Is.LessThanOrEqualTo(tolerance * abs expected), $"{what}: expected {expected:R}, got {actual:R}")

let private numbers (e: JsonElement) = doubles e

let private sizesOf (doc: JsonElement) =
    [| for s in (doc.GetProperty "network").GetProperty("sizes").EnumerateArray() -> s.GetInt32() |]

/// The sampled grid points' losses against the plain forward pass at c + a·u + b·v.
let private checkGrid (doc: JsonElement) (loss: string) (l2: float) (x: Matrix) (y: int[]) =
    let dirs = doc.GetProperty "directions"
    let u, v, c = numbers (dirs.GetProperty "u"), numbers (dirs.GetProperty "v"), numbers (doc.GetProperty "center")
    let grid = doc.GetProperty "grid"
    let a, b = numbers (grid.GetProperty "a"), numbers (grid.GetProperty "b")
    let rows = [| for r in (grid.GetProperty "loss").EnumerateArray() -> numbers r |]
    let sizes = sizesOf doc
    for r in [ 0; b.Length / 2; b.Length - 1 ] do
        for k in [ 0; 3; a.Length - 1 ] do
            let w = Array.init c.Length (fun j -> c.[j] + a.[k] * u.[j] + b.[r] * v.[j])
            assertRelative 1e-12 (PlainNetworkLoss.ofWeights loss l2 sizes x y w) rows.[r].[k] $"grid a={a.[k]} b={b.[r]}"
    u, v, c

let private lessonRows (e: Experiment) =
    let p = Run.prepare e
    p.Train.X, p.Train.Y

[<TestCase("sse", 0.0)>]
[<TestCase("logloss", 0.01)>]
let ``a network's default plane is filter-normalised and every sampled grid loss is the forward pass's within 1e-12`` (loss: string, l2: float) =
    let doc =
        json (run [ "landscape"; "--hidden"; "4,3"; "--activation"; "tanh"; "--loss"; loss; "--l2"; string l2; "--epochs"; "30"
                    "--resolution"; "11"; "--json"; "--no-plots" ])
    let sizes = sizesOf doc
    Assert.That(sizes, Is.EqualTo [| 2; 4; 3; 1 |])
    Assert.That((doc.GetProperty "network").GetProperty("activation").GetString(), Is.EqualTo "tanh")
    let x, y = lessonRows { Experiment.lesson with Loss = Names.tryParse Names.losses loss |> Option.get; L2 = l2 }
    let u, v, c = checkGrid doc loss l2 x y
    // Li et al.'s filter normalisation: each unit's column over the non-bias rows has the centre's norm; bias rows 0.
    let mutable offset = 0
    for l in 0 .. sizes.Length - 2 do
        let n, m = sizes.[l], sizes.[l + 1]
        for k in 0 .. m - 1 do
            let norm (d: float[]) = sqrt (Seq.sum (seq { for j in 0 .. n - 1 -> d.[offset + j * m + k] ** 2.0 }))
            assertRelative 1e-12 (norm c) (norm u) $"u, layer {l + 1} unit {k}"
            assertRelative 1e-12 (norm c) (norm v) $"v, layer {l + 1} unit {k}"
            Assert.That((u.[offset + n * m + k], v.[offset + n * m + k]), Is.EqualTo((0.0, 0.0)), "bias rows")
        offset <- offset + (n + 1) * m
    Assert.That(offset, Is.EqualTo c.Length)

[<Test>]
let ``pca: orthonormal directions, each point's plane loss and own loss, and every rule's line, all the forward pass's`` () =
    let args = [ "--hidden"; "5"; "--activation"; "tanh"; "--loss"; "logloss"; "--epochs"; "25"; "--optimizer"; "gd"; "--alpha"; "0.005" ]
    let doc = json (run ([ "landscape"; "--directions"; "pca"; "--compare"; "momentum"; "--resolution"; "9"; "--json"; "--no-plots" ] @ args))
    let trained = json (run ([ "train"; "--json"; "--no-plots" ] @ args))
    Assert.That((doc.GetProperty "directions").GetProperty("kind").GetString(), Is.EqualTo "pca")
    let x, y = lessonRows { Experiment.lesson with Loss = Names.tryParse Names.losses "logloss" |> Option.get }
    let u, v, c = checkGrid doc "logloss" 0.0 x y
    let dot (p: float[]) (q: float[]) = Array.fold2 (fun s a b -> s + a * b) 0.0 p q
    Assert.That(abs (dot u u - 1.0) + abs (dot v v - 1.0) + abs (dot u v), Is.LessThan 1e-10, "orthonormal")
    let flat (e: JsonElement) = [| for layer in e.EnumerateArray() do for row in layer.EnumerateArray() do yield! numbers row |]
    Assert.That(c, Is.EqualTo(flat (trained.GetProperty "weights")), "the centre is the run's final weights")
    let initial = flat (trained.GetProperty "initialWeights")
    let sizes = sizesOf doc
    let plain = PlainNetworkLoss.ofWeights "logloss" 0.0 sizes x y
    let paths = [ for p in (doc.GetProperty "paths").EnumerateArray() -> p ]
    Assert.That(paths |> List.map (fun p -> p.GetProperty("name").GetString()), Is.EqualTo [ "gd α=0.005"; "momentum 0.9 gd α=0.005" ])
    for p in paths do
        let points = [| for q in (p.GetProperty "points").EnumerateArray() -> numbers q |]
        let planeLoss = numbers (p.GetProperty "planeLoss")
        Assert.That((points.Length, planeLoss.Length), Is.EqualTo((26, 26)))
        assertRelative 1e-12 (plain initial) points.[0].[2] "the start's own loss"
        for i in [ 0; 12; 25 ] do
            let a, b = points.[i].[0], points.[i].[1]
            assertRelative 1e-12 (plain (Array.init c.Length (fun j -> c.[j] + a * u.[j] + b * v.[j]))) planeLoss.[i] $"plane loss at point {i}"
        let line = [| for q in (p.GetProperty "line").EnumerateArray() -> numbers q |]
        Assert.That(line.Length, Is.EqualTo 201)
        let at t = line |> Array.find (fun q -> abs (q.[0] - t) < 1e-12)
        assertRelative 1e-12 points.[0].[2] (at 0.0).[1] "line at t = 0"
        assertRelative 1e-12 points.[25].[2] (at 1.0).[1] "line at t = 1"
    // The run's own first epoch loss (batch GD) is the start's.
    assertRelative 1e-12 ((trained.GetProperty "losses").[0].GetDouble()) (plain initial) "train's first loss"
    // The run's own path ends at the centre: its plane and own losses agree there.
    let own = [| for q in (paths.Head.GetProperty "points").EnumerateArray() -> numbers q |]
    Assert.That((own.[25].[0], own.[25].[1]), Is.EqualTo((0.0, 0.0)))
