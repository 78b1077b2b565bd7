/// `descent convert IN OUT`: a table from CSV to Parquet or back, read by the rules `train --data` reads it with (header
/// detection, the label column, numeric features, classes) and written as `descent data` writes generated data.
module Descent.Cli.ConvertCommand

open Argu
open Descent
open Descent.Cli.CliErrors

type ConvertArgs =
    | [<MainCommand; ExactlyOnce; Last>] Files of input: string * output: string
    | Label of column: string
    | Delimiter of string
    | No_Header
    | Drop_Missing
    | Columns of names: string
    | Ignore of names: string

    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Files _ -> "the table to read (.csv, .csv.gz, .tsv or .parquet) and the file to write (.parquet, else CSV)."
            | Label _ -> "the label column, a header name or a 0-based index (default: the last column)."
            | Delimiter _ -> "CSV field delimiter, one character or 'tab' (default: , or tab for .tsv)."
            | No_Header -> "CSV: the first row is data (default: a header is detected)."
            | Drop_Missing -> "skip rows with an empty cell or a null instead of refusing the file (default: off)."
            | Columns _ -> "the feature columns to keep, by name, separated by commas (default: every column but the label)."
            | Ignore _ -> "columns to leave out, by name, separated by commas: never read (default: none)."

let run (args: ParseResults<ConvertArgs>) : ExitCode =
    let input, output = args.GetResult Files
    let spec =
        { Path = input
          Label = args.TryValue Label
          Delimiter =
            args.TryValue Delimiter
            |> Option.map DataFlags.delimiter
            |> Option.defaultValue (if DataFlags.isTsv input then '\t' else ',')
          NoHeader = args.Has No_Header
          DropMissing = args.Has Drop_Missing
          Columns = args.TryValue Columns |> Option.map (DataFlags.columnNames "--columns")
          Ignore = args.TryValue Ignore |> Option.map (DataFlags.columnNames "--ignore") |> Option.defaultValue [] }
    Validation.data (Table spec)
    let ds =
        try
            DataLoad.load (Table spec)
        with DescentError (InvalidFile (DataTable, _, _) as p) ->
            raise (InputError(Problem.render flagOf (fun _ -> "convert: ") p))
    withFileFlag "convert: output" (fun () -> Files.ensureFileTarget output)
    if TableSource.isParquet output then ParquetWrite.writeDataset output ds
    else Files.writeText output (DataCommand.csv ds)
    InfoLines.line false $"[INFO] wrote {output} ({ds.X.Rows} rows, {ds.X.Cols} features)"
    ExitCode.Ok
