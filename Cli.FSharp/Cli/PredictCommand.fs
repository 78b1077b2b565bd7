/// `descent predict`: a saved model applied to the rows of a table file (CSV or Parquet).
module Descent.Cli.PredictCommand

open Argu
open Descent
open Descent.Cli.CliErrors

type PredictArgs =
    | [<Mandatory>] Model of file: string
    | Data of path: string
    | Csv of path: string
    | Delimiter of string
    | No_Header
    | Out of file: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Model _ -> "model.json written by descent train (--out folder or --save-model) (required)."
            | Data _ -> "table (.csv, .csv.gz, .tsv or .parquet) holding the model's features, matched by header name; its other columns (the label, an id) are not read (required)."
            | Csv _ -> "another name for --data."
            | Delimiter _ -> "field delimiter, one character or 'tab' (default: ,)."
            | No_Header -> "the first row is data; the columns must then be the model's features in order (default: a header is detected)."
            | Out _ -> "file to write: Parquet when its name ends in .parquet, CSV otherwise (default: CSV on standard output)."

/// Each class's column: p_<class> for a probability, or for a loss without probabilities (hinge, squared hinge,
/// perceptron) score_<class> for its decision score.
let private classColumns (model: ModelFile.SavedModel) (p: Predict.Predictions) =
    let prefix = match p.Kind with Model.Probabilities -> "p_" | Model.DecisionScores -> "score_"
    [ for c in model.Classes -> prefix + c ]

/// One row per input row: the predicted label, then each class's column (classColumns).
let csv (model: ModelFile.SavedModel) (p: Predict.Predictions) =
    let header = "predicted" :: classColumns model p
    let rows =
        Seq.init p.Classes.Length (fun i ->
            model.Classes.[p.Classes.[i]] :: [ for v in p.Probabilities.[i] -> PyFormat.roundTrip v ])
    CsvText.ofRows header rows

/// The same columns as Parquet: the predicted label (a string column), then each class's column (doubles).
let parquet (stream: System.IO.Stream) (model: ModelFile.SavedModel) (p: Predict.Predictions) =
    let n = p.Classes.Length
    let k = model.Classes.Length
    let probabilities = Matrix.zeroCreate n k
    for i in 0 .. n - 1 do
        for c in 0 .. k - 1 do
            probabilities.Data.[c * n + i] <- p.Probabilities.[i].[c]
    ParquetWrite.write stream (Array.ofList (classColumns model p)) probabilities (Some("predicted", model.Classes, p.Classes))

let run (args: ParseResults<PredictArgs>) : ExitCode =
    let table =
        match args.TryValue Data, args.TryValue Csv with
        | Some _, Some _ -> raise (FlagError "--data and --csv both name the table to predict; give one")
        | Some path, None
        | None, Some path -> path
        | None, None -> raise (FlagError "predict needs --data FILE, the table to predict")
    let delimiter =
        args.TryValue Delimiter
        |> Option.map DataFlags.delimiter
        |> Option.defaultValue (if DataFlags.isTsv table then '\t' else ',')
    Validation.delimiter delimiter
    let out = args.TryValue Out
    out |> Option.iter Files.ensureFileTarget
    let model = ModelFile.load (args.GetResult Model)
    let source: TableSource = { Path = table; Role = PredictTable; Delimiter = delimiter }
    // A table named by --data is named so in messages (PredictTable is --csv's by default).
    let x =
        try
            Predict.readFeatures model source (args.Has No_Header)
        with DescentError (InvalidFile (PredictTable, _, _) as p) when args.Has Data ->
            raise (InputError(Problem.render flagOf (fun _ -> "--data ") p))
    let predictions = Predict.predict model x
    match out with
    | Some file when TableSource.isParquet file ->
        Files.writeAtomic file (fun s -> parquet s model predictions)
        InfoLines.line false $"[INFO] wrote {file} ({x.Rows} rows)"
    | Some file ->
        Files.writeText file (csv model predictions)
        InfoLines.line false $"[INFO] wrote {file} ({x.Rows} rows)"
    | None -> stdout.Write(csv model predictions)
    ExitCode.Ok
