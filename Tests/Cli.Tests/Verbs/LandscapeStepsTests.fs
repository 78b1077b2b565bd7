/// The landscape's step arrows (each path's `steps`: the rule's next step from every point, as gradient, momentum and
/// scaling): for batch GD the step is the path's next displacement, the gradient is −α_t times a central difference
/// of a plain loss written here, heavy-ball momentum is μ·(α_t/α_{t−1}) times the previous displacement, and rules
/// without a carried state have no momentum at all.
module Descent.Tests.LandscapeStepsTests

open System.Threading
open NUnit.Framework
open Descent.Tests.Constraints
open Descent.Core
open Descent
open Descent.Tests.DescentProcess

/// The rate of epoch t + 1, by the schedules' formulas (constant, step, exponential) after a linear warm-up.
let private rateAt (e: Experiment) (t: int) =
    match e.Warmup with
    | Some w when t < w.Epochs -> e.Alpha * (w.StartFactor + (1.0 - w.StartFactor) * float t / float w.Epochs)
    | _ ->
        let k = t - (e.Warmup |> Option.map _.Epochs |> Option.defaultValue 0)
        match e.Schedule with
        | Constant -> e.Alpha
        | Step (decay, every) -> e.Alpha * (decay ** float (k / every))
        | Exponential gamma -> e.Alpha * (gamma ** float k)
        | other -> failwith $"no formula here for {other}"

let private landscape (plane: Landscape.Plane) (e: Experiment) =
    let p = Run.prepare e
    p, Landscape.compute { Landscape.defaults with Plane = plane; Resolution = 3 } p ignore CancellationToken.None

let private minus (a: float, b: float) (c: float, d: float) = a - c, b - d
let private times (k: float) (a: float, b: float) = k * a, k * b
let private norm (a: float, b: float) = sqrt (a * a + b * b)

/// |actual − expected| ≤ tolerance · scale, as two-vectors.
let private near (tolerance: float) (scale: float) (expected: float * float) (actual: float * float) (what: string) =
    Assert.That(norm (minus actual expected), Is.LessThanOrEqualTo(tolerance * scale), $"{what}: expected {expected}, got {actual}")

let private withHidden (hidden: int list) (e: Experiment) =
    { e with Architecture = { e.Architecture with Hidden = hidden; Activation = ActivationKind.Tanh } }

let private gd (mu: float) (nesterov: bool) = Gd { Momentum = mu; Nesterov = nesterov }

/// The step of every point is the next displacement on the plane, and the parts add up to it.
let private checkStepsAreDisplacements (path: Landscape.Path) =
    let points = path.Coordinates
    Assert.That(path.Steps.Length, Is.EqualTo(points.Length - 1))
    Assert.That(path.Steps |> Array.map _.Epoch, Is.EqualTo [| 0 .. points.Length - 2 |])
    for s in path.Steps do
        let d = minus points.[s.Epoch + 1] points.[s.Epoch]
        Assert.That(norm d, Is.GreaterThan 0.0)
        near 1e-9 (norm d) d s.Step $"step {s.Epoch}"
        let sum = (fst s.Gradient + fst s.Momentum + fst s.Scaling, snd s.Gradient + snd s.Momentum + snd s.Scaling)
        near 1e-12 (norm s.Gradient + norm s.Momentum + norm s.Scaling) s.Step sum $"parts of step {s.Epoch}"

let gdCases =
    [ for hidden in [ ([]: int list); [ 3 ] ] do
          TestCaseData(hidden, 0.0, false, Exponential 0.9, None)
          TestCaseData(hidden, 0.9, false, Step(0.5, 4), Some { Epochs = 3; StartFactor = 0.25 })
          TestCaseData(hidden, 0.8, true, Exponential 0.95, Some { Epochs = 2; StartFactor = 0.5 }) ]

[<TestCaseSource(nameof gdCases)>]
let ``batch GD: the step is the next displacement, momentum is mu (a_t/a_t-1) times the last one, Nesterov's look-ahead is mu times the gradient``
    (hidden: int list, mu: float, nesterov: bool, schedule: Schedule, warmup: Warmup option) =
    let e =
        { Experiment.lesson with Optimizer = gd mu nesterov; Alpha = 0.05; Epochs = 12; Schedule = schedule; Warmup = warmup }
        |> withHidden hidden
    // The linear model on its two first weights and on random directions, the network on its principal plane.
    let planes = if hidden.IsEmpty then [ Landscape.Axes(0, 1); Landscape.RandomDirections 7L ] else [ Landscape.PrincipalComponents ]
    for plane in planes do
        let _, r = landscape plane e
        let path = r.Paths.Head
        checkStepsAreDisplacements path
        let points = path.Coordinates
        for s in path.Steps do
            let t = s.Epoch
            let scale = norm s.Gradient + norm s.Momentum
            if t = 0 || mu = 0.0 then
                Assert.That(s.Momentum, Is.EqualTo((0.0, 0.0)), $"momentum {t}")
            elif not nesterov then
                let previous = minus points.[t] points.[t - 1]
                near 1e-9 (norm previous) (times (mu * rateAt e t / rateAt e (t - 1)) previous) s.Momentum $"momentum {t}"
            if nesterov then near 1e-9 scale (times mu s.Gradient) s.Scaling $"look-ahead {t}"
            else near 1e-12 scale (0.0, 0.0) s.Scaling $"scaling {t}"

/// ½·Σ(σ(x·w) − y)² + ½·λ·Σ w² over the feature weights: the objective whose gradient the squared error's kernel
/// computes (the lesson drops the 2 of e²'s derivative).
let private halfSquaredError (l2: float) (x: Matrix) (y: int[]) (w: float[]) =
    let mutable total = 0.0
    for i in 0 .. x.Rows - 1 do
        let mutable z = 0.0
        for j in 0 .. x.Cols - 1 do
            z <- z + x.Data.[j * x.Rows + i] * w.[j]
        let p = 1.0 / (1.0 + exp -z)
        total <- total + (p - float y.[i]) * (p - float y.[i])
    0.5 * total + 0.5 * l2 * Seq.sum (seq { for j in 0 .. x.Cols - 2 -> w.[j] * w.[j] })

let private centralDifference (f: float[] -> float) (w: float[]) =
    let h = 1e-6
    Array.init w.Length (fun i ->
        let probe = Array.copy w
        probe.[i] <- w.[i] + h
        let up = f probe
        probe.[i] <- w.[i] - h
        (up - f probe) / (2.0 * h))

[<Test>]
let ``the gradient arrow is minus the rate times a central difference of the training loss, on the axes and on the principal plane`` () =
    // The linear model with an L2 penalty, over its first two weights.
    let e = { Experiment.lesson with Alpha = 0.05; Epochs = 10; L2 = 0.05; Schedule = Step(0.5, 3) }
    let p, r = landscape (Landscape.Axes(0, 1)) e
    let path = r.Paths.Head
    Assert.That(path.Steps.Length, Is.EqualTo 10)
    for s in path.Steps do
        let g = centralDifference (halfSquaredError e.L2 p.Train.X p.Train.Y) path.Weights.[s.Epoch]
        let expected = times (-(rateAt e s.Epoch)) (g.[0], g.[1])
        near 1e-6 (norm expected) expected s.Gradient $"linear gradient {s.Epoch}"
    // A network (log loss, tanh), Adam in mini-batches, on the principal plane (orthonormal: the coordinates of a
    // displacement are its dot products with u and v).
    let e =
        { Experiment.lesson with Optimizer = Optimizer.adam; Alpha = 0.02; Epochs = 8; Loss = LossKind.LogLoss; BatchSize = 64; Schedule = Exponential 0.8 }
        |> withHidden [ 3 ]
    let p, r = landscape Landscape.PrincipalComponents e
    let dot (a: float[]) (b: float[]) = Array.fold2 (fun s x y -> s + x * y) 0.0 a b
    let path = r.Paths.Head
    Assert.That(path.Steps.Length, Is.EqualTo 8)
    for s in path.Steps do
        let g = centralDifference (PlainNetworkLoss.ofWeights "logloss" 0.0 [| 2; 3; 1 |] p.Train.X p.Train.Y) path.Weights.[s.Epoch]
        let expected = times (-(rateAt e s.Epoch)) (dot g r.U, dot g r.V)
        near 1e-6 (norm expected) expected s.Gradient $"network gradient {s.Epoch}"

let zeroMomentumCases =
    [ TestCaseData(([]: int list), Optimizer.gd, 0.0, 32)
      TestCaseData(([]: int list), Optimizer.gd, 0.02, 32)
      TestCaseData(([]: int list), Optimizer.adagrad, 0.0, 32)
      TestCaseData(([]: int list), Optimizer.rmsprop, 0.01, 50)
      TestCaseData([ 3 ], Optimizer.gd, 0.0, 32)
      TestCaseData([ 3 ], Optimizer.adagrad, 0.01, 100)
      TestCaseData([ 3 ], Optimizer.rmsprop, 0.0, 50) ]

[<TestCaseSource(nameof zeroMomentumCases)>]
let ``a rule without a carried direction (gd, adagrad, rmsprop) has exactly zero momentum, L1's shrink included`` (hidden: int list, o: Optimizer, l1: float, batch: int) =
    let e = { Experiment.lesson with Optimizer = o; Epochs = 6; L1 = l1; BatchSize = batch } |> withHidden hidden
    let _, r = landscape (if hidden.IsEmpty then Landscape.Axes(0, 1) else Landscape.PrincipalComponents) e
    let path = r.Paths.Head
    Assert.That(path.Steps.Length, Is.EqualTo 6)
    for s in path.Steps do
        Assert.That(s.Momentum, Is.EqualTo((0.0, 0.0)), $"momentum {s.Epoch}")
        Assert.That(norm s.Step, Is.GreaterThan 0.0)
    // Adagrad and RMSprop scale the gradient per weight.
    if o <> Optimizer.gd then Assert.That(path.Steps |> Array.forall (fun s -> norm s.Scaling > 1e-3 * norm s.Gradient))

let adamCases =
    [ TestCaseData(([]: int list), Optimizer.adam, Precision.Float64)
      TestCaseData(([]: int list), Optimizer.adamw, Precision.Float64)
      TestCaseData(([]: int list), Optimizer.adam, Precision.Float32)
      TestCaseData([ 3 ], Optimizer.adam, Precision.Float64)
      TestCaseData([ 3 ], Optimizer.adamw, Precision.Float32) ]

[<TestCaseSource(nameof adamCases)>]
let ``Adam in one batch per epoch: the step is the next displacement, its moments carry from the second step, and it scales`` (hidden: int list, o: Optimizer, precision: Precision) =
    let e =
        { Experiment.lesson with Optimizer = o; Alpha = 0.05; Epochs = 10; BatchSize = 1000; Precision = precision }
        |> withHidden hidden
    let _, r = landscape (if hidden.IsEmpty then Landscape.Axes(0, 1) else Landscape.PrincipalComponents) e
    let path = r.Paths.Head
    checkStepsAreDisplacements path
    for s in path.Steps do
        Assert.That(norm s.Scaling, Is.GreaterThan(1e-3 * norm s.Gradient), $"scaling {s.Epoch}")
        if s.Epoch = 0 then Assert.That(s.Momentum, Is.EqualTo((0.0, 0.0)))
        else Assert.That(norm s.Momentum, Is.GreaterThan 0.0, $"momentum {s.Epoch}")

[<Test>]
let ``descent landscape --json --hidden 3 gives each path one step per epoch, the step reaching the next point`` () =
    let o = run [ "landscape"; "--hidden"; "3"; "--epochs"; "7"; "--optimizer"; "gd"; "--momentum"; "0.9"; "--compare"; "adam"
                  "--resolution"; "5"; "--json"; "--no-plots" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let doc = parseJson o.Stdout
    for path in (doc.GetProperty "paths").EnumerateArray() do
        let points = [| for q in (path.GetProperty "points").EnumerateArray() -> doubles q |]
        let steps = [| for s in (path.GetProperty "steps").EnumerateArray() -> s |]
        Assert.That((points.Length, steps.Length), Is.EqualTo((8, 7)))
        for t, s in Array.indexed steps do
            Assert.That(s.GetProperty("epoch").GetInt32(), Is.EqualTo t)
            let part (name: string) =
                let v = doubles (s.GetProperty name)
                Assert.That(v.Length, Is.EqualTo 2)
                v.[0], v.[1]
            let parts = [ for name in [ "gradient"; "momentum"; "scaling" ] -> part name ]
            Assert.That(parts |> List.sumBy fst, Is.EqualTo(fst (part "step")).Within(1e-12))
            Assert.That(parts |> List.sumBy snd, Is.EqualTo(snd (part "step")).Within(1e-12))
            // The run's own path is batch GD: its step reaches the next point.
            if (path.GetProperty "name").GetString().StartsWith "momentum" then
                let d = points.[t + 1].[0] - points.[t].[0], points.[t + 1].[1] - points.[t].[1]
                near 1e-9 (norm d) d (part "step") $"step {t}"
