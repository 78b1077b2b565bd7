/// Prediction with a saved model on the rows of a table file (CSV or Parquet), the file's columns matched to the model's
/// features by name (or by position in a CSV file without a header); other columns are left unread.
module Descent.Predict

open Descent.ModelFile

type Predictions =
    { /// Predicted class of each row (an index into the model's Classes).
      Classes: int[]
      /// What the model gives per class: probabilities, or decision scores for a loss without them.
      Kind: Model.OutputKind
      /// Each row's probability (or score) of each class.
      Probabilities: float[][] }

let private listed (names: string seq) = String.concat ", " names

/// Where each of the model's features stands among a file's column `names`, in the model's order; the file's other
/// columns (the label, an id, a date) are left unread. Refuses a file that lacks one of the model's features.
let private columnsByName (model: SavedModel) (src: TableSource) (names: string[]) : int[] =
    let missing = model.FeatureNames |> Array.filter (fun n -> not (Array.contains n names))
    if missing.Length > 0 then
        let extra = names |> Array.filter (fun n -> n <> model.LabelName && not (Array.contains n model.FeatureNames))
        let parts =
            [ $"missing from the file: {listed missing}"
              if extra.Length > 0 then $"not features of the model: {listed extra}" ]
        TableSource.fail src $"""the columns do not match the model's features ({String.concat "; " parts})"""
    model.FeatureNames |> Array.map (fun n -> Array.findIndex ((=) n) names)

/// The file's columns holding the model's features, in the model's order: by name with a header; without one, the
/// file must hold the model's features in order.
let private featureColumns (model: SavedModel) (t: CsvFile.CsvFile) (header: bool) : int[] =
    let d = model.FeatureNames.Length
    let width = t.First.Length
    if header then
        columnsByName model t.Source (CsvFile.columnNames t true)
    elif width <> d then
        TableSource.fail
            t.Source
            $"has {width} columns and no header; the model takes {d} features ({listed model.FeatureNames}), which a file without a header must hold in that order"
    else
        Array.init d id

/// The feature rows of the Parquet file `src`, columns matched to the model's features by name, unscaled.
let private readParquetFeatures (model: SavedModel) (src: TableSource) : Matrix =
    let t = ParquetFile.openFile src
    let columns = columnsByName model src t.Names
    let rows = ParquetTable.read t columns -1 false
    if rows.X.Rows = 0 then TableSource.fail src "has no rows"
    rows.X

/// The feature rows of the CSV file `src`, unscaled. The first row is a header when any cell is neither blank nor a
/// number, unless `noHeader`.
let private readCsvFeatures (model: SavedModel) (src: TableSource) (noHeader: bool) : Matrix =
    use t = CsvFile.openFile src
    let header = not noHeader && Array.exists CsvCells.isName t.First
    let columns = featureColumns model t header
    let names = CsvFile.columnNames t header
    let rows = CsvTable.read t (not header) names columns -1 false
    if rows.X.Rows = 0 then TableSource.fail src "has a header but no data rows"
    rows.X

/// The feature rows of `src`, a Parquet file by its extension, otherwise CSV, unscaled.
let readFeatures (model: SavedModel) (src: TableSource) (noHeader: bool) : Matrix =
    if TableSource.isParquet src.Path then readParquetFeatures model src else readCsvFeatures model src noHeader

/// Scales the features as in training and applies the weights (the scores are computed once, for both the classes
/// and the probabilities).
let predict (model: SavedModel) (x: Matrix) : Predictions =
    let scaled = Matrix.appendOnes (Scaler.apply model.Scaler x)
    let scores =
        match layoutOf model with
        | Some layout -> Network.scores layout model.Activation model.Loss model.Weights scaled
        | None -> Model.scores model.Weights model.Outputs scaled
    let classes = Model.classesOfScores model.Outputs x.Rows scores
    { Classes = classes
      Kind = Model.outputKind model.Loss
      Probabilities = Model.outputsOfScores model.Loss model.Outputs x.Rows scores }
