/// The experiment API's grids, shards and the parallel runner, called as a script calls them.
module Descent.Tests.GridTests

open System.Threading
open FsCheck.NUnit
open NUnit.Framework
open Descent.Tests.Constraints
open Descent

[<Test>]
let ``a grid is the cartesian product, first axis outermost`` () =
    let grid = Experiment.lesson |> Grid.expand [ Grid.optimizers [ Optimizer.sgd ]; Grid.batchSizes [ 16; 64 ]; Grid.alphas [ 0.1; 0.01; 0.001 ] ]
    let settings = grid |> List.map (fun e -> Names.optimizerName e.Optimizer, e.BatchSize, e.Alpha)
    Assert.That(
        settings,
        Is.EqualTo
            [ "sgd", 16, 0.1; "sgd", 16, 0.01; "sgd", 16, 0.001
              "sgd", 64, 0.1; "sgd", 64, 0.01; "sgd", 64, 0.001 ])
    Assert.That(grid |> List.forall (fun e -> e.Epochs = Experiment.lesson.Epochs && e.InitSeed = Experiment.lesson.InitSeed), Is.True)
    Assert.That(Grid.combinations [ Grid.alphas [ 0.1; 0.2 ]; Grid.momenta [ 0.0; 0.5; 0.9 ] ], Is.EqualTo 6L)

[<Test>]
let ``batch GD runs once whatever the batch sizes, with the base experiment's batch size`` () =
    let grid = Experiment.lesson |> Grid.expand [ Grid.optimizers [ Optimizer.gd; Optimizer.sgd ]; Grid.batchSizes [ 16; 32; 64 ] ]
    Assert.That(grid.Length, Is.EqualTo 4)
    Assert.That(grid.[0], Is.EqualTo Experiment.lesson)
    Assert.That(grid.[1..] |> List.map _.BatchSize, Is.EqualTo [ 16; 32; 64 ])

[<Test>]
let ``custom variants compose with the built-in axes`` () =
    let optimizers =
        Grid.variants "optimizer" [ Experiment.gd; Experiment.sgd 32; Experiment.sgd 32 >> Experiment.withNesterov 0.9 ]
    let grid = Experiment.lesson |> Grid.expand [ optimizers; Grid.initSeeds [ 0L; 1L ] ]
    Assert.That(grid.Length, Is.EqualTo 6)
    Assert.That(grid.[5].Optimizer, Is.EqualTo(Sgd { Momentum = 0.9; Nesterov = true }))
    Assert.That(grid.[5].InitSeed, Is.EqualTo 1L)

[<FsCheck.NUnit.Property>]
let ``the shards of a list cover each position exactly once`` (count: FsCheck.PositiveInt) (total: FsCheck.NonNegativeInt) =
    let n, total = min count.Get 50, min total.Get 500
    let all = [ for i in 1 .. n do yield! Sweep.shardPositions i n total ]
    List.sort all = [ 0 .. total - 1 ]

[<Test>]
let ``a parallel sweep gives each run the numbers it gives alone`` () =
    let grid = Experiment.lesson |> Experiment.withEpochs 20 |> Grid.expand [ Grid.optimizers [ Optimizer.gd; Optimizer.sgd ]; Grid.alphas [ 0.1; 0.01 ] ]
    let together = Sweep.runAll 2 (fun _ _ -> ()) CancellationToken.None grid
    Assert.That(together |> Array.forall Option.isSome, Is.True)
    for e, r in List.zip grid (List.ofArray together) do
        let alone = Run.experiment e
        Assert.That(r.Value.Outcome.History.Losses, Is.EqualTo alone.Outcome.History.Losses, $"{e.Optimizer} {e.Alpha}")
        Assert.That(r.Value.Outcome.Weights, Is.EqualTo alone.Outcome.Weights)
        Assert.That(r.Value.Report.Accuracy, Is.EqualTo alone.Report.Accuracy)

[<Test>]
let ``a cancelled sweep starts no runs`` () =
    use cts = new CancellationTokenSource()
    cts.Cancel()
    let results = Sweep.runAll 2 (fun _ _ -> ()) cts.Token [ Experiment.lesson; Experiment.lesson |> Experiment.withAlpha 0.1 ]
    Assert.That(results, Is.EqualTo [| None; None |])

[<Test>]
let ``a sweep refuses a bad experiment before running any`` () =
    let ran = ref 0
    let bad = [ Experiment.lesson; Experiment.lesson |> Experiment.withAlpha -1.0 ]
    let ex = Assert.Throws<DescentError>(fun () -> Sweep.runAll 1 (fun _ _ -> incr ran) CancellationToken.None bad |> ignore)
    // A script is told about the learning rate in the library's terms, not about a command-line flag.
    Assert.That(ex.Data0, Is.EqualTo(InvalidSetting(Alpha, "must be a finite number > 0 (got -1)")))
    Assert.That(ex.Message, Is.EqualTo "The learning rate must be a finite number > 0 (got -1)")
    Assert.That(ran.Value, Is.EqualTo 0)

[<Test>]
let ``the epochs, l2 and variants axes set what they name`` () =
    let grid =
        Experiment.lesson
        |> Grid.expand
            [ Grid.epochs [ 3; 5 ]
              Grid.l2s [ 0.0; 0.1 ]
              Grid.variants "schedule" [ id; Experiment.withSchedule (InvScaling 0.5) ] ]
    Assert.That(grid.Length, Is.EqualTo 8)
    Assert.That(grid |> List.map _.Epochs |> List.distinct, Is.EqualTo [ 3; 5 ])
    Assert.That(grid |> List.map _.L2 |> List.distinct, Is.EqualTo [ 0.0; 0.1 ])
    Assert.That(grid |> List.map _.Schedule |> List.distinct, Is.EqualTo [ Constant; InvScaling 0.5 ])
    // Each configuration trains as the experiment it names: the last one's rates follow alpha / (1 + 0.5 e).
    let last = Run.experiment (List.last grid)
    Assert.That(last.Outcome.History.Rates, Is.EqualTo(Array.init 5 (fun e -> 0.01 / (1.0 + 0.5 * float e))))
    Assert.That(last.Outcome.Epochs, Is.EqualTo 5)
