/// The loss landscape of an experiment: the training loss on a grid in a plane through a centre (Li et al. 2018,
/// "Visualizing the Loss Landscape of Neural Nets"), the paths of several update rules from the same initial weights
/// projected onto it, and the 1-D line from the initial to the final weights (Goodfellow et al. 2015).
module Descent.Landscape

open System
open System.Threading
open Descent.Core

/// The plane: two weights by index in the flattened (class-major) weights, the others held at the centre; or two
/// random directions, each output's part scaled to the norm of the centre's (filter normalisation).
type Plane =
    | Axes of int * int
    | RandomDirections of seed: int64
    /// The first two principal components of the run's trajectory around the centre (θ_t − θ* over the recorded
    /// epochs): the plane the path moves in most.
    | PrincipalComponents

type Center =
    | FinalWeights
    | InitialWeights

/// The centres by name (--center, the JSON's centerAt, the pages' titles).
let centerNames = [ "final", FinalWeights; "initial", InitialWeights ]

/// An update rule whose path the landscape draws: an optimizer from Names.optimizers (without momentum), or the
/// run's own optimizer with heavy-ball or Nesterov momentum (the run's --momentum, or 0.9 when it has none).
type PathRule =
    | Rule of Optimizer
    | WithMomentum
    | WithNesterov

type ComparedRule = { Rule: PathRule; Rate: float option }

type Settings =
    { Plane: Plane
      Center: Center
      /// Half the grid's side around the centre; None: the grid covers every path with a margin.
      Span: float option
      Resolution: int
      Compare: ComparedRule list }

/// The rules --compare knows by name: every optimizer of Names.optimizers, then momentum and nesterov (unless the
/// optimizer table has names of its own for them).
let pathRules: (string * PathRule) list =
    let named = Names.optimizers |> List.map (fun (n, o) -> n, Rule o)
    named @ [ for n, r in [ "momentum", WithMomentum; "nesterov", WithNesterov ] do if not (List.exists (fst >> (=) n) named) then n, r ]

let defaults =
    { Plane = Axes(0, 1)
      Center = FinalWeights
      Span = None
      Resolution = 101
      Compare = [] }

/// Momentum a compared momentum rule uses when the run has none.
[<Literal>]
let DefaultMomentum = 0.9

/// The experiment a compared rule trains: the run's, with that rule (and rate).
let apply (c: ComparedRule) (e: Experiment) : Experiment =
    // The run's own momentum when it has one; gd stays gd, every other rule compares as sgd.
    let sgd (s: SgdSettings) =
        match e.Optimizer with
        | Gd _ -> { e with Optimizer = Gd s }
        | _ -> { e with Optimizer = Sgd s }
    let mu =
        match e.Optimizer with
        | Gd s
        | Sgd s when s.Momentum > 0.0 -> s.Momentum
        | RMSprop s when s.Momentum > 0.0 -> s.Momentum
        | _ -> DefaultMomentum
    let ruled =
        match c.Rule with
        | Rule o -> { e with Optimizer = o }
        | WithMomentum -> sgd { Momentum = mu; Nesterov = false }
        | WithNesterov -> sgd { Momentum = mu; Nesterov = true }
    match c.Rate with
    | Some rate -> { ruled with Alpha = rate }
    | None -> ruled

/// "sgd α=0.01", "nesterov 0.9 sgd α=0.01": a path's name from its experiment.
let pathName (e: Experiment) =
    let name = Names.optimizerName e.Optimizer
    let rule =
        match e.Optimizer with
        | Gd s
        | Sgd s when s.Nesterov -> $"nesterov {s.Momentum} {name}"
        | Gd s
        | Sgd s when s.Momentum > 0.0 -> $"momentum {s.Momentum} {name}"
        | RMSprop s when s.Momentum > 0.0 -> $"momentum {s.Momentum} {name}"
        | _ -> name
    $"{rule} α={e.Alpha}"

/// Points of the 1-D line, t from −0.5 to 1.5 in steps of 0.01 (t = 0 and t = 1 among them).
[<Literal>]
let LinePoints = 201

/// Bytes a grid of n × n points takes with its files (the losses, the CSV and JSON text, the pages' numbers).
let estimatedBytes (resolution: int) = 8.0 * 16.0 * float resolution * float resolution

/// Checks the settings against the experiment's weights (`size` of them).
let validate (size: int) (s: Settings) =
    match s.Plane with
    | Axes (i, j) ->
        if i < 0 || j < 0 || i >= size || j >= size then
            Fail.setting LandscapeAxes $"must be two weight indices in 0..{size - 1} (the flattened weights, bias last) (got {i},{j})"
        if i = j then Fail.setting LandscapeAxes $"must be two different weights (got {i},{j})"
    | RandomDirections seed ->
        if seed < 0L || seed > int64 UInt32.MaxValue then Fail.setting DirectionSeed $"must be between 0 and 4294967295 (got {seed})"
    | PrincipalComponents -> ()
    if s.Resolution < 2 then Fail.setting LandscapeResolution $"must be an integer >= 2 (got {s.Resolution})"
    let bytes = estimatedBytes s.Resolution
    let available = float (GC.GetGCMemoryInfo().TotalAvailableMemoryBytes)
    if float s.Resolution * float s.Resolution > float Array.MaxLength || bytes > available / 2.0 then
        Fail.setting LandscapeResolution
            $"must leave the grid room in memory: {s.Resolution}×{s.Resolution} points need about {bytes / 1e9:F1} GB with their files, more than half the {available / 1e9:F1} GB available"
    s.Span |> Option.iter (fun span ->
        if not (Double.IsFinite span) || span <= 0.0 then Fail.setting LandscapeSpan $"must be a finite number > 0 (got {span})")

/// The parts of the rule's next step from one point of a path (StepParts), projected on the plane: displacements in
/// the plane's coordinates, drawn tip to tail from the point (gradient, then momentum, then scaling, ending where
/// Step ends).
type StepArrows =
    { /// t: the arrows start at the path's point t.
      Epoch: int
      Gradient: float * float
      Momentum: float * float
      Scaling: float * float
      Step: float * float }

/// One rule's trajectory: its initial weights, then the weights after every epoch.
type Path =
    { Name: string
      Experiment: Experiment
      /// Why its training ended (a diverged path ends at its last finite weights).
      Stop: StopReason
      Weights: float[][]
      /// (a, b) of each point on the plane.
      Coordinates: (float * float)[]
      /// The training loss at each point's own weights (not at its projection).
      Losses: float[]
      /// The loss at each point's projection, W(a, b) = c + a·u + b·v, the plane's value where the surface is
      /// drawn: the 3-D page draws the path there, on the surface, and gives Losses on hover.
      PlaneLosses: float[]
      /// The next step's parts from each point but the last (one per epoch trained).
      Steps: StepArrows[]

      /// A network's path: (t, loss at θ₀ + t·(θ*_path − θ₀)) for t in [−0.5, 1.5], its own final weights as θ*, so
      /// the rules' lines share one chart.
      Line: (float * float)[] option }

type Result =
    { Settings: Settings
      /// The run whose landscape this is (the first path's).
      Run: Run.TrainedRun
      Center: float[]
      /// The plane's directions (for Axes, the unit vectors of the two weights).
      U: float[]
      V: float[]
      A: float[]
      B: float[]
      /// Loss plus penalty at (A[k], B[r]) at [r * A.Length + k]; may hold NaN or infinity.
      Grid: float[]
      Paths: Path list
      /// (t, loss at θ₀ + t·(θ* − θ₀)) for t in [−0.5, 1.5].
      Line: (float * float)[] }

    member r.NotFinite = r.Grid |> Array.sumBy (fun v -> if Double.IsFinite v then 0 else 1)

/// n numbers from lo to hi, as numpy's linspace.
let linspace (lo: float) (hi: float) (n: int) =
    Array.init n (fun i -> if i = n - 1 then hi else lo + (hi - lo) * float i / float (n - 1))

/// Two random directions, each output's slice scaled to the norm of the centre's slice (a zero slice: unit norm).
let randomDirections (seed: int64) (features: int) (center: float[]) =
    let rng = RandomState seed
    let draw () =
        let d = Array.zeroCreate center.Length
        rng.FillStandardNormal(Span d)
        for k in 0 .. center.Length / features - 1 do
            let slice = [ k * features .. k * features + features - 1 ]
            let norm (v: float[]) = sqrt (slice |> List.sumBy (fun j -> v.[j] * v.[j]))
            let target = norm center
            let scale = (if target > 0.0 then target else 1.0) / norm d
            for j in slice do
                d.[j] <- d.[j] * scale
        d
    let u = draw ()
    let v = draw ()
    u, v

/// The plane's coordinates of a displacement `d` of the weights: its two weights' own changes for axes, the least
/// squares combination of `u` and `v` for directions (project's linear part).
let projectDisplacement (plane: Plane) (u: float[]) (v: float[]) (d: float[]) =
    match plane with
    | Axes (i, j) -> d.[i], d.[j]
    | RandomDirections _
    | PrincipalComponents ->
        let dot (p: float[]) (q: float[]) = Array.fold2 (fun s x y -> s + x * y) 0.0 p q
        let uu, uv, vv, du, dv = dot u u, dot u v, dot v v, dot d u, dot d v
        let det = uu * vv - uv * uv
        (du * vv - dv * uv) / det, (dv * uu - du * uv) / det

/// The coordinates of `w` on the plane through `c` along `u` and `v`: least squares for directions (the projection),
/// the two weights themselves for axes (exact).
let project (plane: Plane) (c: float[]) (u: float[]) (v: float[]) (w: float[]) =
    match plane with
    | Axes (i, j) -> w.[i], w.[j]
    | RandomDirections _
    | PrincipalComponents -> projectDisplacement plane u v (Array.map2 (-) w c)

/// The step's parts projected on the plane.
let projectParts (plane: Plane) (u: float[]) (v: float[]) (parts: StepParts.Parts) : StepArrows =
    let on = projectDisplacement plane u v
    { Epoch = parts.Epoch
      Gradient = on parts.Gradient
      Momentum = on parts.Momentum
      Scaling = on parts.Scaling
      Step = on parts.Step }

/// [lo, hi] covering `values` with a 10% margin (±1 around them when they do not spread).
let private covering (values: float seq) =
    let lo, hi = Seq.min values, Seq.max values
    let extent = hi - lo
    if extent <= 1e-12 * max 1.0 (abs hi) then lo - 1.0, hi + 1.0 else lo - 0.1 * extent, hi + 0.1 * extent

/// Loss plus penalty on the grid W(a, b) = c + a·u + b·v, by the core's batched kernel (GridLoss.Plane).
let gridLosses (rows: TrainingLoss.Rows) (threads: int) (c: float[]) (u: float[]) (v: float[]) (a: float[]) (b: float[]) : float[] =
    let losses = Array.zeroCreate (a.Length * b.Length)
    GridLoss.Plane(rows.Loss, rows.XRows, rows.YRows, ReadOnlySpan c, ReadOnlySpan u, ReadOnlySpan v, ReadOnlySpan a, ReadOnlySpan b, Span losses, threads)
    if rows.L2 > 0.0 || rows.L1 > 0.0 then
        let w = Array.zeroCreate c.Length
        for r in 0 .. b.Length - 1 do
            for k in 0 .. a.Length - 1 do
                for j in 0 .. c.Length - 1 do
                    w.[j] <- c.[j] + a.[k] * u.[j] + b.[r] * v.[j]
                losses.[r * a.Length + k] <- losses.[r * a.Length + k] + TrainingLoss.penalty rows w
    losses

/// Two random directions for a network with filter normalisation (Li et al. 2018): in each layer, each unit's column
/// over the non-bias rows scaled to the norm of the centre's column (a zero column: unit norm); the bias rows zero.
let filterNormalizedDirections (seed: int64) (layout: NetworkLayout) (center: float[]) =
    let rng = RandomState seed
    let draw () =
        let d = Array.zeroCreate center.Length
        rng.FillStandardNormal(Span d)
        for l in 0 .. layout.Layers - 1 do
            let cols, start, inputs = layout.Columns l, layout.Offset l, layout.Rows l - 1
            for j in 0 .. cols - 1 do
                let norm (v: float[]) =
                    let mutable sum = 0.0
                    for i in 0 .. inputs - 1 do
                        sum <- sum + v.[start + i * cols + j] * v.[start + i * cols + j]
                    sqrt sum
                let target = norm center
                let scale = (if target > 0.0 then target else 1.0) / norm d
                for i in 0 .. inputs - 1 do
                    d.[start + i * cols + j] <- d.[start + i * cols + j] * scale
            for i in layout.BiasStart l .. layout.BiasStart l + cols - 1 do
                d.[i] <- 0.0
        d
    let u = draw ()
    let v = draw ()
    u, v

/// The first two principal components of the points `weights` − `center` (unit vectors, v orthogonal to u), by power
/// iteration on DᵀD with deflation; each signed so the first point's coordinate is >= 0. None when the points do not
/// span two directions.
let principalDirections (center: float[]) (weights: float[][]) : (float[] * float[]) option =
    let d = weights |> Array.map (fun w -> Array.map2 (-) w center)
    let dot (p: float[]) (q: float[]) = Array.fold2 (fun s x y -> s + x * y) 0.0 p q
    let normalized (x: float[]) =
        let n = sqrt (dot x x)
        if n > 0.0 && Double.IsFinite n then Some(Array.map (fun e -> e / n) x) else None
    // DᵀD x without forming DᵀD: Σ_t d_t (d_t · x).
    let apply (x: float[]) =
        let y = Array.zeroCreate x.Length
        for dt in d do
            let c = dot dt x
            for j in 0 .. y.Length - 1 do
                y.[j] <- y.[j] + c * dt.[j]
        y
    let remove (basis: float[] list) (x: float[]) =
        basis |> List.fold (fun (x: float[]) b -> let c = dot x b in Array.map2 (fun e f -> e - c * f) x b) x
    let principal (basis: float[] list) =
        // A start that no trajectory is orthogonal to by accident: the sum of the points' absolute deviations plus
        // a ramp.
        let start = Array.init center.Length (fun j -> (d |> Array.sumBy (fun dt -> abs dt.[j])) + 1e-3 * float (j + 1))
        let rec iterate (x: float[]) n =
            match normalized (remove basis (apply x)) with
            | Some y when n < 2000 ->
                let change = Array.fold2 (fun m a b -> max m (abs (a - b))) 0.0 x y
                if change < 1e-14 then Some y else iterate y (n + 1)
            | Some y -> Some y
            | None -> None
        normalized (remove basis start) |> Option.bind (fun x -> iterate x 0)
    let signed (x: float[]) =
        let first = d |> Array.tryFind (fun dt -> abs (dot dt x) > 0.0)
        match first with
        | Some dt when dot dt x < 0.0 -> Array.map (~-) x
        | _ -> x
    let spread (x: float[]) = d |> Array.sumBy (fun dt -> let c = dot dt x in c * c)
    let total = d |> Array.sumBy (fun dt -> dot dt dt)
    match principal [] with
    | Some u ->
        // Orthogonalised again: when the points span one direction only, the iteration's v is rounding noise that
        // need not be orthogonal to u, and then has almost no spread.
        match principal [ u ] |> Option.bind (remove [ u ] >> remove [ u ] >> normalized) with
        | Some v when spread v > 1e-20 * total -> Some(signed u, signed v)
        | _ -> None
    | None -> None

/// A network's training loss at any weights as a batch-GD epoch reports it: Σ ℓ over the training rows (Core's
/// forward pass) plus the L2 and L1 penalties on the non-bias rows.
type NetworkTrainingLoss(p: Run.Prepared, rows: TrainingLoss.Rows) =
    let e = p.Experiment
    let layout = Network.layout e.Architecture rows.Features rows.Outputs
    let at = new Network.LossAt(layout, e.Architecture.Activation, e.Loss, p.Train.X, rows.Targets)

    member _.Layout = layout

    member _.Of(w: float[]) =
        at.Sum(ReadOnlySpan w)
        + (if rows.L2 > 0.0 then NetworkPenalties.L2(layout, ReadOnlySpan w, rows.L2) else 0.0)
        + (if rows.L1 > 0.0 then NetworkPenalties.L1(layout, ReadOnlySpan w, rows.L1) else 0.0)

    /// The loss at W(a, b) = c + a·u + b·v for every (a[k], b[r]), at [r * a.Length + k].
    member t.Plane (c: float[]) (u: float[]) (v: float[]) (a: float[]) (b: float[]) =
        let w = Array.zeroCreate c.Length
        Array.init (a.Length * b.Length) (fun index ->
            let r, k = index / a.Length, index % a.Length
            for j in 0 .. c.Length - 1 do
                w.[j] <- c.[j] + a.[k] * u.[j] + b.[r] * v.[j]
            t.Of w)

    interface IDisposable with
        member _.Dispose() = (at :> IDisposable).Dispose()

/// Weights the experiment's model has (the linear model's class-major weights or a network's flat layers).
let weightCount (p: Run.Prepared) =
    let rows = TrainingLoss.ofPrepared p
    if Experiment.isNetwork p.Experiment then Network.layout p.Experiment.Architecture rows.Features rows.Outputs |> _.WeightCount
    else rows.Size

/// Trains the experiment and each compared rule from the same initial weights, then evaluates the grid and the line.
/// `onPath` hears each path's name before it trains.
let compute (s: Settings) (p: Run.Prepared) (onPath: string -> unit) (cancel: CancellationToken) : Result =
    let rows = TrainingLoss.ofPrepared p
    let network = if Experiment.isNetwork p.Experiment then Some(new NetworkTrainingLoss(p, rows)) else None
    use _ = { new IDisposable with member _.Dispose() = network |> Option.iter (fun n -> (n :> IDisposable).Dispose()) }
    validate (weightCount p) s
    let lossesAt (weights: float[] seq) =
        match network with
        | Some n -> [| for w in weights -> n.Of w |]
        | None -> TrainingLoss.at rows weights
    let plane (threads: int) c u v a b =
        match network with
        | Some n -> n.Plane c u v a b
        | None -> gridLosses rows threads c u v a b
    let experiments = p.Experiment :: [ for c in s.Compare -> apply c p.Experiment ]
    experiments |> List.iter Validation.experiment
    let trained =
        experiments
        |> List.map (fun e ->
            onPath (pathName e)
            let own = { p with Experiment = e }
            let r = Run.trainKeepingWeights Training.EveryEpochWithRuleState own ignore cancel
            r, Array.append [| r.Outcome.InitialWeights |] (Array.map snd r.Outcome.History.Weights), StepParts.ofRun own r.Outcome)
    let run, own, _ = List.head trained
    let center = Array.copy (match s.Center with FinalWeights -> run.Outcome.Weights | InitialWeights -> run.Outcome.InitialWeights)
    let size = center.Length
    let unit i = Array.init size (fun j -> if j = i then 1.0 else 0.0)
    let u, v, planeCenter =
        match s.Plane with
        | Axes (i, j) ->
            // On the plane the two weights are the coordinates themselves: the kernel's centre has them at zero.
            unit i, unit j, Array.init size (fun k -> if k = i || k = j then 0.0 else center.[k])
        | RandomDirections seed ->
            let u, v =
                match network with
                | Some n -> filterNormalizedDirections seed n.Layout center
                | None -> randomDirections seed rows.Features center
            u, v, center
        | PrincipalComponents ->
            match principalDirections center own with
            | Some (u, v) -> u, v, center
            | None -> Fail.setting LandscapeDirections "pca needs a trajectory that moves in at least two directions around the centre (train more epochs)"
    let onPlane (a: float, b: float) = Array.init size (fun j -> planeCenter.[j] + a * u.[j] + b * v.[j])
    let paths =
        trained
        |> List.map (fun (r, weights, parts) ->
            let coordinates = weights |> Array.map (project s.Plane center u v)
            { Name = pathName r.Experiment
              Experiment = r.Experiment
              Stop = r.Outcome.Stop
              Weights = weights
              Coordinates = coordinates
              Losses = lossesAt weights
              PlaneLosses = lossesAt (Array.map onPlane coordinates)
              Steps = parts |> Array.map (projectParts s.Plane u v)
              Line =
                match network with
                | Some n ->
                    let initial, final = Array.head weights, Array.last weights
                    let t = linspace -0.5 1.5 LinePoints
                    Some(Array.zip t (n.Plane initial (Array.map2 (-) final initial) (Array.zeroCreate final.Length) t [| 0.0 |]))
                | None -> None })
    let ca, cb = project s.Plane center u v center
    let a, b =
        match s.Span with
        | Some span -> linspace (ca - span) (ca + span) s.Resolution, linspace (cb - span) (cb + span) s.Resolution
        | None ->
            let points = Seq.append [ ca, cb ] (paths |> Seq.collect _.Coordinates)
            let alo, ahi = covering (Seq.map fst points)
            let blo, bhi = covering (Seq.map snd points)
            linspace alo ahi s.Resolution, linspace blo bhi s.Resolution
    if not (Array.forall Double.IsFinite a && Array.forall Double.IsFinite b) then
        Fail.setting LandscapeSpan $"must leave the grid's coordinates finite numbers (got {s.Span |> Option.defaultValue nan})"
    let grid = plane p.Experiment.Threads planeCenter u v a b
    let t = linspace -0.5 1.5 LinePoints
    let initial, final = Array.head own, Array.last own
    let line = plane 1 initial (Array.map2 (-) final initial) (Array.zeroCreate size) t [| 0.0 |]
    { Settings = s
      Run = run
      Center = center
      U = u
      V = v
      A = a
      B = b
      Grid = grid
      Paths = paths
      Line = Array.zip t line }
