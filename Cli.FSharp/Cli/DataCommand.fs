/// `descent data`: a generated dataset as CSV, to check against Python.
module Descent.Cli.DataCommand

open Argu
open Descent

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
            | Dataset _ -> "blobs (make_blobs), moons (make_moons), circles (make_circles) or xor (uniform in [-1, 1)^2, class 1 where x0 and x1 have the same sign) (default: blobs)."
            | Samples _ | Features _ | Centers _ | Cluster_Std _ | Noise _ | Factor _ | Data_Seed _ -> DataFlags.usage a
            | Out _ -> "file to write: Parquet when its name ends in .parquet, CSV otherwise (default: CSV on standard output)."

/// The dataset as CSV: header x0,x1,…,y; numbers in shortest round-trip form.
let csv (ds: Dataset) =
    let header = List.ofArray ds.FeatureNames @ [ ds.LabelName ]
    let rows =
        Seq.init (Dataset.rows ds) (fun i ->
            [ for j in 0 .. ds.X.Cols - 1 -> PyFormat.roundTrip (Matrix.get ds.X i j) ] @ [ ds.Classes.[ds.Y.[i]] ])
    CsvText.ofRows header rows

let run (args: ParseResults<DataArgs>) : ExitCode =
    let spec = DataFlags.spec FlagValues.generatedDatasets (DataFlags.ofResults args)
    Validation.data spec
    MemoryBudget.checkData spec
    let ds = DataLoad.load spec
    match args.TryValue Out with
    | Some file ->
        // Missing folders are made, as train --out makes its folder.
        let folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath file)
        if not (System.IO.Directory.Exists folder || System.IO.File.Exists folder) then Files.ensureDirectory folder
        Files.ensureFileTarget file
        if TableSource.isParquet file then ParquetWrite.writeDataset file ds else Files.writeText file (csv ds)
        InfoLines.wrote false [ file ]
    | None -> stdout.Write(csv ds)
    ExitCode.Ok
