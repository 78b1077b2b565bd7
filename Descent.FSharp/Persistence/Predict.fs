/// Prediction with a saved model on the rows of a CSV file, the file's columns matched to the model's features by
/// name (or by position in a file without a header).
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

/// Where each of the model's features stands among a file's column `names`, in the model's order; refuses a file
/// whose columns are not the model's features (the model's label column may be present, and is ignored).
let private columnsByName (model: SavedModel) (src: CsvTable.Source) (names: string[]) : int[] =
    let missing = model.FeatureNames |> Array.filter (fun n -> not (Array.contains n names))
    let extra = names |> Array.filter (fun n -> n <> model.LabelName && not (Array.contains n model.FeatureNames))
    if missing.Length > 0 || extra.Length > 0 then
        let parts =
            [ if missing.Length > 0 then $"missing from the file: {listed missing}"
              if extra.Length > 0 then $"not features of the model: {listed extra}" ]
        CsvTable.fail src $"""the columns do not match the model's features ({String.concat "; " parts})"""
    model.FeatureNames |> Array.map (fun n -> Array.findIndex ((=) n) names)

/// The file's columns holding the model's features, in the model's order; refuses a file whose columns are not the
/// model's features (the model's label column may be present, and is ignored).
let private featureColumns (model: SavedModel) (t: CsvTable.Table) (header: bool) : int[] =
    let d = model.FeatureNames.Length
    let width = t.First.Length
    if header then
        columnsByName model t.Source (CsvTable.columnNames t true)
    elif width <> d then
        CsvTable.fail
            t.Source
            $"has {width} columns and no header; the model takes {d} features ({listed model.FeatureNames}), which a file without a header must hold in that order"
    else
        Array.init d id

/// The feature rows of the Parquet file `src`, columns matched to the model's features by name (the model's label
/// column may be present, and is ignored), unscaled.
let private readParquetFeatures (model: SavedModel) (src: CsvTable.Source) : Matrix =
    use t = ParquetTable.openTable src
    let columns = columnsByName model src t.Names
    let rows = ParquetTable.read t columns -1 false
    if rows.X.Rows = 0 then CsvTable.fail src "has no rows"
    rows.X

/// The feature rows of the CSV file `src`, unscaled. The first row is a header when any cell is neither blank nor a
/// number, unless `noHeader`.
let private readCsvFeatures (model: SavedModel) (src: CsvTable.Source) (noHeader: bool) : Matrix =
    use t = CsvTable.openTable src
    let header = not noHeader && Array.exists CsvTable.isName t.First
    let columns = featureColumns model t header
    let names = CsvTable.columnNames t header
    let rows = CsvTable.read t (not header) names columns -1 false
    if rows.X.Rows = 0 then CsvTable.fail src "has a header but no data rows"
    rows.X

/// The feature rows of `src`, a Parquet file by its extension, otherwise CSV, unscaled.
let readFeatures (model: SavedModel) (src: CsvTable.Source) (noHeader: bool) : Matrix =
    if ParquetTable.isParquet src.Path then readParquetFeatures model src else readCsvFeatures model src noHeader

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
