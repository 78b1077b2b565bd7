/// `descent data`: the generated dataset as CSV, to check against Python.
module Descent.Cli.DataCommand

open Argu
open Descent

let private blobs = match Experiment.lesson.Data with Blobs b -> b

type DataArgs =
    | Samples of int
    | Features of int
    | Centers of int
    | Cluster_Std of float
    | Data_Seed of int64
    | Out of file: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Samples _ -> $"number of points (default: {blobs.Samples})."
            | Features _ -> $"features per point (default: {blobs.Features})."
            | Centers _ -> $"classes (blob centers), at least 2 (default: {blobs.Centers})."
            | Cluster_Std _ -> $"standard deviation of each blob (default: {blobs.ClusterStd})."
            | Data_Seed _ -> $"make_blobs random_state, 0..2^32-1 (default: {blobs.Seed})."
            | Out _ -> "CSV file to write (default: standard output)."

/// The dataset as CSV: header x0,x1,…,y; numbers in shortest round-trip form.
let csv (ds: Dataset) =
    let header = List.ofArray ds.FeatureNames @ [ "y" ]
    let rows =
        Seq.init (Dataset.rows ds) (fun i ->
            [ for j in 0 .. ds.X.Cols - 1 -> PyFormat.roundTrip (Matrix.get ds.X i j) ] @ [ ds.Classes.[ds.Y.[i]] ])
    Outputs.csvText header rows

let run (args: ParseResults<DataArgs>) : int =
    let spec =
        Blobs
            { Samples = args.GetResult(Samples, defaultValue = blobs.Samples)
              Features = args.GetResult(Features, defaultValue = blobs.Features)
              Centers = args.GetResult(Centers, defaultValue = blobs.Centers)
              ClusterStd = args.GetResult(Cluster_Std, defaultValue = blobs.ClusterStd)
              Seed = args.GetResult(Data_Seed, defaultValue = blobs.Seed) }
    Validation.data spec
    let text = csv (Run.load { Experiment.lesson with Data = spec })
    match args.TryGetResult Out with
    | Some file ->
        Files.ensureFileTarget "--out" file
        Files.writeText file text
        eprintfn "[INFO] wrote %s" file
    | None -> stdout.Write text
    ExitCode.Ok
