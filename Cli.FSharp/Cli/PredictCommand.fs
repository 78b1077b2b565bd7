/// `descent predict`: a saved model applied to the rows of a CSV file.
module Descent.Cli.PredictCommand

open Argu
open Descent

type PredictArgs =
    | [<Mandatory>] Model of file: string
    | [<Mandatory>] Csv of path: string
    | Delimiter of string
    | No_Header
    | Out of file: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Model _ -> "model.json written by descent train (--out folder or --save-model) (required)."
            | Csv _ -> "table (.csv, .csv.gz, .tsv or .parquet) whose columns are the model's features, matched by header name; the model's label column may be present and is ignored (required)."
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
    let table = args.GetResult Csv
    let delimiter =
        args.TryValue Delimiter
        |> Option.map DataFlags.delimiter
        |> Option.defaultValue (if DataFlags.isTsv table then '\t' else ',')
    Validation.delimiter delimiter
    let out = args.TryValue Out
    out |> Option.iter Files.ensureFileTarget
    let model = ModelFile.load (args.GetResult Model)
    let source: CsvTable.Source = { Path = table; Role = PredictTable; Delimiter = delimiter }
    let x = Predict.readFeatures model source (args.Has No_Header)
    let predictions = Predict.predict model x
    match out with
    | Some file when ParquetTable.isParquet file ->
        Files.writeAtomic file (fun s -> parquet s model predictions)
        InfoLines.line false $"[INFO] wrote {file} ({x.Rows} rows)"
    | Some file ->
        Files.writeText file (csv model predictions)
        InfoLines.line false $"[INFO] wrote {file} ({x.Rows} rows)"
    | None -> stdout.Write(csv model predictions)
    ExitCode.Ok
