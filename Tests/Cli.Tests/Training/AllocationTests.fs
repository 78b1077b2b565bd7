/// The training loop allocates nothing per epoch or per batch, for every optimizer (on the gradient's worker threads too).
module Descent.Tests.AllocationTests

open System
open NUnit.Framework
open Descent.Tests.Constraints
open Descent
open Descent.Core

let private bytesPerEpochs<'T when 'T: unmanaged and 'T: struct and 'T: (new: unit -> 'T) and 'T :> ValueType and 'T: comparison and 'T :> System.Numerics.IBinaryFloatingPointIeee754<'T>>
    (e: Experiment) =
    let ds = Run.load e
    let train, _ = Split.trainTest e.TestSize e.SplitSeed ds
    let x = Matrix.appendOnes train.X
    let classes = Dataset.classCount ds
    let outputs = Model.outputsOf e.Loss classes
    let conv = Array.map Numeric.FromDouble<'T>
    let rng = RandomState(e.InitSeed)
    use trainer =
        Training.batchTrainer<'T> e (conv x.Data) (conv (Model.targetsOf e.Loss outputs (Array.create classes 1.0) train.Y)) x.Rows x.Cols outputs
            (Model.initialWeights e.InitSeed x.Cols outputs)
    let epoch () =
        trainer.NewEpoch rng
        trainer.Epoch e.Alpha |> ignore
    epoch ()
    Bench.allocatedBytes
        (fun () ->
            for _ in 1 .. 25 do
                epoch ())
        (fun () -> trainer.WorkerAllocatedBytes)

let variants =
    let e = Experiment.lesson
    [| "gd", e
       "sgd", e |> Experiment.sgd 32
       "sgd shuffled", { (e |> Experiment.sgd 32) with Shuffle = true }
       "momentum", e |> Experiment.sgd 32 |> Experiment.withMomentum 0.9
       "nesterov", e |> Experiment.sgd 7 |> Experiment.withNesterov 0.9
       "l2 logloss", e |> Experiment.withL2 0.01 |> Experiment.withLoss LossKind.LogLoss
       "multi-class", { e with Data = Blobs { Samples = 900; Features = 4; Centers = 3; ClusterStd = 1.0; Seed = 2L } } |> Experiment.sgd 64
       "adagrad", e |> Experiment.adagrad 32
       "rmsprop", e |> Experiment.rmsprop 32
       "rmsprop centered momentum", e |> Experiment.rmspropCentered 32 |> Experiment.withMomentum 0.9
       "adam", e |> Experiment.adam 32
       "adam amsgrad clip", e |> Experiment.adam 32 |> Experiment.withAmsgrad |> Experiment.withClipNorm 1.0
       "adamw", e |> Experiment.adamw 32
       "nadam", e |> Experiment.nadam 32
       "radam", e |> Experiment.radam 32
       "adamax", e |> Experiment.adamax 32
       "adadelta shuffled", { (e |> Experiment.adadelta 32) with Shuffle = true }
       "adam multi-class", { e with Data = Blobs { Samples = 900; Features = 4; Centers = 3; ClusterStd = 1.0; Seed = 2L } } |> Experiment.adam 64
       "softmax l1 sgd", { e with Data = Blobs { Samples = 900; Features = 4; Centers = 3; ClusterStd = 1.0; Seed = 2L }; Loss = LossKind.Softmax; L1 = 0.01 } |> Experiment.sgd 32
       "multi-class hinge elastic net", { e with Data = Blobs { Samples = 900; Features = 4; Centers = 4; ClusterStd = 1.0; Seed = 2L }; Loss = LossKind.Hinge } |> Experiment.withElasticNet 0.01 0.5
       "modified huber one-vs-rest", { e with Data = Blobs { Samples = 900; Features = 4; Centers = 3; ClusterStd = 1.0; Seed = 2L }; Loss = LossKind.ModifiedHuber } |> Experiment.sgd 64
       "large softmax gd", { e with Data = Blobs { Samples = 40000; Features = 8; Centers = 5; ClusterStd = 1.0; Seed = 2L }; Loss = LossKind.Softmax; Threads = 2 }
       "large gd", { e with Data = Blobs { Samples = 40000; Features = 8; Centers = 2; ClusterStd = 1.0; Seed = 2L }; Threads = 2 } |]
    |> Array.map (fun (name, e) -> TestCaseData(e).SetArgDisplayNames(name))

[<TestCaseSource(nameof variants)>]
let ``float64 epochs allocate nothing`` (e: Experiment) = Assert.That(bytesPerEpochs<float> e, Is.EqualTo 0L)

[<TestCaseSource(nameof variants)>]
let ``float32 epochs allocate nothing`` (e: Experiment) = Assert.That(bytesPerEpochs<float32> e, Is.EqualTo 0L)
