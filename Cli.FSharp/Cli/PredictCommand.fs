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
            | Csv _ -> "CSV file (.csv or .csv.gz) whose columns are the model's features, matched by header name; the model's label column may be present and is ignored (required)."
            | Delimiter _ -> "field delimiter, one character or 'tab' (default: ,)."
            | No_Header -> "the first row is data; the columns must then be the model's features in order (default: a header is detected)."
            | Out _ -> "CSV file to write (default: standard output)."

/// One row per input row: the predicted label, then each class's probability (header: predicted,p_<class>,…), or
/// for a loss without probabilities (hinge, squared hinge, perceptron) each class's decision score (score_<class>).
let csv (model: ModelFile.SavedModel) (p: Predict.Predictions) =
    let prefix = match p.Kind with Model.Probabilities -> "p_" | Model.DecisionScores -> "score_"
    let header = "predicted" :: [ for c in model.Classes -> prefix + c ]
    let rows =
        Seq.init p.Classes.Length (fun i ->
            model.Classes.[p.Classes.[i]] :: [ for v in p.Probabilities.[i] -> PyFormat.roundTrip v ])
    CsvText.ofRows header rows

let run (args: ParseResults<PredictArgs>) : int =
    let delimiter = args.TryGetResult Delimiter |> Option.map DataFlags.delimiter |> Option.defaultValue ','
    Validation.delimiter delimiter
    let out = args.TryGetResult Out
    out |> Option.iter Files.ensureFileTarget
    let model = ModelFile.load (args.GetResult Model)
    let source: CsvTable.Source = { Path = args.GetResult Csv; Role = PredictTable; Delimiter = delimiter }
    let x = Predict.readFeatures model source (args.Contains No_Header)
    let text = csv model (Predict.predict model x)
    match out with
    | Some file ->
        Files.writeText file text
        eprintfn "[INFO] wrote %s (%d rows)" file x.Rows
    | None -> stdout.Write text
    ExitCode.Ok
