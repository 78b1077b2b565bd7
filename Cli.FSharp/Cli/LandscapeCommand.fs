/// `descent landscape`: trains the experiment (and each --compare rule from the same initial weights), then draws
/// the training loss on a grid in a plane through the final or initial weights, with every rule's path.
module Descent.Cli.LandscapeCommand

open System
open System.Globalization
open System.Threading
open Argu
open Descent
open Descent.Cli.CliErrors
open Descent.Cli.TrainArgs

/// landscape's defaults, read by the usage lines and the code.
module Defaults =
    let settings = Landscape.defaults
    let directionSeed = 0L

type LandscapeArgs =
    | [<Unique>] Axes of pair: string
    | [<Unique>] Directions of kind: string
    | [<Unique>] Direction_Seed of int64
    | [<Unique>] Center of string
    | [<Unique>] Span of float
    | [<Unique>] Resolution of int
    | [<Unique>] Compare of rules: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Axes _ -> "I,J: the plane of two weights by index in the flattened weights (class-major, bias last), the others held at the centre (default: 0,1)."
            | Directions _ -> "random: the plane of two random directions scaled to the centre's norm (Li et al. 2018), for models with more weights (default: --axes)."
            | Direction_Seed _ -> $"seed of the random directions (default: {Defaults.directionSeed})."
            | Center _ -> "final or initial: the weights the plane goes through (default: final)."
            | Span _ -> "half the grid's side around the centre, > 0 (default: the grid covers every path with a 10% margin)."
            | Resolution _ -> $"N: an N x N grid, N >= 2 (default: {Defaults.settings.Resolution})."
            | Compare _ ->
                $"""RULE[:RATE],...: also draw the path of each rule from the same initial weights; rules: {Names.listed Landscape.pathRules} (momentum and nesterov: the run's optimizer with --momentum, or {Landscape.DefaultMomentum}) (default: only the run's own rule)."""

let verb =
    VerbArgs.verb<LandscapeArgs>
        "landscape"
        [ "it writes landscape.html, landscape-3d.html and landscape.csv; save a model with descent train", [ "--save-model" ]
          "it prints one line per path", [ "--print-every" ]
          "the landscape records every epoch's weights of every path itself", [ "--record-weights" ] ]

let private number (text: string) =
    match Double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture) with
    | true, v -> Some v
    | _ -> None

/// --axes I,J: two integers.
let axes (text: string) =
    match text.Split(',') |> Array.map (fun s -> Int32.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture)) with
    | [| (true, i); (true, j) |] -> i, j
    | _ -> raise (FlagError $"--axes must be two weight indices I,J, e.g. --axes 0,1 (got '{text}')")

/// --compare RULE[:RATE],…
let compare (text: string) : Landscape.ComparedRule list =
    let items = text.Split(',') |> Array.map _.Trim() |> List.ofArray
    if items |> List.exists ((=) "") then
        raise (FlagError $"--compare needs a comma-separated list of RULE[:RATE], e.g. --compare sgd,momentum:0.05 (got '{text}')")
    items
    |> List.map (fun item ->
        let name, rate =
            match item.Split(':', 2) with
            | [| name; rate |] ->
                match number rate with
                | Some v when Double.IsFinite v && v > 0.0 -> name, Some v
                | _ -> raise (FlagError $"--compare: the rate of '{item}' must be a finite number > 0")
            | _ -> item, None
        { Rule = FlagValues.parse "--compare" Landscape.pathRules name; Rate = rate })

let private settings (args: ParseResults<LandscapeArgs>) : Landscape.Settings =
    let d = Defaults.settings
    if args.Has Axes && args.Has Directions then raise (FlagError "give --axes or --directions, not both")
    if args.Has Direction_Seed && not (args.Has Directions) then raise (FlagError "--direction-seed needs --directions random")
    let plane =
        match args.TryValue Directions with
        | Some kind when kind.Trim().ToLowerInvariant() = "random" ->
            Landscape.RandomDirections(args.Value(Direction_Seed, defaultValue = Defaults.directionSeed))
        | Some kind -> raise (FlagError $"--directions must be random (got '{kind}')")
        | None -> args.TryValue Axes |> Option.map (axes >> Landscape.Axes) |> Option.defaultValue d.Plane
    let center = FlagValues.parseOr "--center" Landscape.centerNames d.Center (args.TryValue Center)
    { Plane = plane
      Center = center
      Span = args.TryValue Span
      Resolution = args.Value(Resolution, defaultValue = d.Resolution)
      Compare = args.TryValue Compare |> Option.map compare |> Option.defaultValue [] }

/// The landscape the flags describe, computed from `prepared` (the experiment's data, made by `prepare`); `say` is
/// given the lines about the work. `descent serve` runs this too.
let computed (cancel: CancellationToken) (own: ParseResults<LandscapeArgs>) (train: ParseResults<TrainArgs>) (prepare: Experiment -> Run.Prepared) (say: string -> unit) =
    let s = settings own
    refuseNetwork "landscape" train
    let e = experiment train
    let prepared = prepare e
    Landscape.validate (prepared.Train.X.Cols * Model.outputsOf prepared.Experiment.Loss prepared.Schema.Classes.Length) s
    for c in s.Compare do
        Validation.experiment (Landscape.apply c e)
    say $"[INFO] training {1 + s.Compare.Length} path(s) from the same initial weights..."
    Landscape.compute s prepared (fun name -> say $"[INFO] path: {name}") cancel

let run =
    VerbArgs.run verb (fun cancel own train ->
        let asJson = train.Has Json
        let plots = chartSource train
        let out = outFolder train
        let say = InfoLines.line asJson
        let r = computed cancel own train Run.prepare say
        // After the computation, which can still refuse the span once the paths are known: nothing is written then.
        Files.ensureDirectory out
        let written = LandscapeOutputs.writeFiles out plots r
        let an, bn = LandscapeOutputs.axisNames r
        let finite = r.Grid |> Array.filter Double.IsFinite
        if asJson then
            printfn "%s" (LandscapeOutputs.json r)
        else
            let range (v: float[]) = $"[{PyFormat.fixedPoint 4 v.[0]}, {PyFormat.fixedPoint 4 (Array.last v)}]"
            printfn "[INFO] grid: %d x %d points, %s in %s, %s in %s" r.A.Length r.B.Length an (range r.A) bn (range r.B)
            if finite.Length > 0 then
                let best = r.Grid |> Array.mapi (fun i v -> i, v) |> Array.filter (snd >> Double.IsFinite) |> Array.minBy snd |> fst
                printfn "[INFO] loss on the grid from %s to %s; lowest at %s=%s, %s=%s" (PyFormat.fixedPoint 7 (Array.min finite)) (PyFormat.fixedPoint 7 (Array.max finite)) an (PyFormat.fixedPoint 4 r.A.[best % r.A.Length]) bn (PyFormat.fixedPoint 4 r.B.[best / r.A.Length])
            for p in r.Paths do
                printfn "[INFO] path %s: %d epochs, loss %s -> %s" p.Name (p.Losses.Length - 1) (PyFormat.fixedPoint 7 p.Losses.[0]) (PyFormat.fixedPoint 7 (Array.last p.Losses))
        if r.NotFinite > 0 then
            say $"[INFO] {r.NotFinite} of {r.Grid.Length} grid points have a loss that is not finite (it overflowed); the pages draw the finite ones"
        for p in r.Paths do
            if p.Stop = Diverged then say $"[INFO] path {p.Name} diverged: it ends at its last finite weights"
        InfoLines.wrote asJson written
        EarlierOutputs.remove asJson out LandscapeOutputs.fileNames written
        if cancel.IsCancellationRequested then ExitCode.Interrupted else ExitCode.Ok)
