/// `descent data`: a generated dataset as CSV, to check against Python.
module Descent.Cli.DataCommand

open Argu
open Descent

let private blobs = Experiment.lessonBlobs

type DataArgs =
    | Dataset of string
    | Samples of int
    | Features of int
    | Centers of int
    | Cluster_Std of float
    | Noise of float
    | Factor of float
    | Data_Seed of int64
    | Out of file: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Dataset _ -> "blobs (make_blobs), moons (make_moons) or circles (make_circles) (default: blobs)."
            | Samples _ -> $"number of points (default: {blobs.Samples})."
            | Features _ -> $"blobs: features per point (default: {blobs.Features})."
            | Centers _ -> $"blobs: classes (blob centers), at least 2 (default: {blobs.Centers})."
            | Cluster_Std _ -> $"blobs: standard deviation of each blob (default: {blobs.ClusterStd})."
            | Noise _ -> "moons, circles: standard deviation of the Gaussian noise, >= 0 (default: 0, no noise)."
            | Factor _ -> $"circles: radius of the inner circle relative to the outer, in [0, 1) (default: {DataFlags.defaultFactor})."
            | Data_Seed _ -> $"random_state of the generator, 0..2^32-1 (default: {blobs.Seed})."
            | Out _ -> "CSV file to write (default: standard output)."

/// The dataset as CSV: header x0,x1,…,y; numbers in shortest round-trip form.
let csv (ds: Dataset) =
    let header = List.ofArray ds.FeatureNames @ [ ds.LabelName ]
    let rows =
        Seq.init (Dataset.rows ds) (fun i ->
            [ for j in 0 .. ds.X.Cols - 1 -> PyFormat.roundTrip (Matrix.get ds.X i j) ] @ [ ds.Classes.[ds.Y.[i]] ])
    Outputs.csvText header rows

let run (args: ParseResults<DataArgs>) : int =
    let spec =
        DataFlags.spec
            [ "blobs"; "moons"; "circles" ]
            { Dataset = args.TryGetResult Dataset
              Samples = args.TryGetResult Samples
              Features = args.TryGetResult Features
              Centers = args.TryGetResult Centers
              ClusterStd = args.TryGetResult Cluster_Std
              Seed = args.TryGetResult Data_Seed
              Noise = args.TryGetResult Noise
              Factor = args.TryGetResult Factor
              Csv = None
              Label = None
              Delimiter = None
              NoHeader = false
              DropMissing = false }
    Validation.data spec
    let text = csv (Run.load { Experiment.lesson with Data = spec })
    match args.TryGetResult Out with
    | Some file ->
        Files.ensureFileTarget "--out" file
        Files.writeText file text
        eprintfn "[INFO] wrote %s" file
    | None -> stdout.Write text
    ExitCode.Ok
