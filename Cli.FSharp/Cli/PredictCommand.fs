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

/// One row per input row: the predicted label, then each class's probability (header: predicted,p_<class>,…), or
/// for a loss without probabilities (hinge, squared hinge, perceptron) each class's decision score (score_<class>).
let csv (model: ModelFile.SavedModel) (p: Predict.Predictions) =
    let prefix = match p.Kind with Model.Probabilities -> "p_" | Model.DecisionScores -> "score_"
    let header = "predicted" :: [ for c in model.Classes -> prefix + c ]
    let rows =
        Seq.init p.Classes.Length (fun i ->
            model.Classes.[p.Classes.[i]] :: [ for v in p.Probabilities.[i] -> PyFormat.roundTrip v ])
    CsvText.ofRows header rows

/// The same columns as Parquet: the predicted label (a string column), then each class's probability (doubles).
let parquet (stream: System.IO.Stream) (model: ModelFile.SavedModel) (p: Predict.Predictions) =
    let n = p.Classes.Length
    let k = model.Classes.Length
    let probabilities = Matrix.zeroCreate n k
    for i in 0 .. n - 1 do
        for c in 0 .. k - 1 do
            probabilities.Data.[c * n + i] <- p.Probabilities.[i].[c]
    ParquetWrite.write stream [| for c in model.Classes -> $"p_{c}" |] probabilities (Some("predicted", model.Classes, p.Classes))

let run (args: ParseResults<PredictArgs>) : ExitCode =
    let table = args.GetResult Csv
    let delimiter =
        args.TryGetResult Delimiter
        |> Option.map DataFlags.delimiter
        |> Option.defaultValue (if DataFlags.isTsv table then '\t' else ',')
    Validation.delimiter delimiter
    let out = args.TryGetResult Out
    out |> Option.iter Files.ensureFileTarget
    let model = ModelFile.load (args.GetResult Model)
    let source: CsvTable.Source = { Path = table; Role = PredictTable; Delimiter = delimiter }
    let x = Predict.readFeatures model source (args.Contains No_Header)
    let predictions = Predict.predict model x
    match out with
    | Some file when ParquetTable.isParquet file ->
        Files.writeAtomic file (fun s -> parquet s model predictions)
        eprintfn "[INFO] wrote %s (%d rows)" file x.Rows
    | Some file ->
        Files.writeText file (csv model predictions)
        eprintfn "[INFO] wrote %s (%d rows)" file x.Rows
    | None -> stdout.Write(csv model predictions)
    ExitCode.Ok
