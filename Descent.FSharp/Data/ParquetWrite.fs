/// Tables written as Parquet with ParquetSharp: each feature a required double column written straight from the
/// column-major matrix (PLAIN, no dictionary), the label an int64 column when every class is an integer, a string
/// column otherwise (dictionary-encoded); row groups of 2^17 rows, snappy-compressed.
module Descent.ParquetWrite

open System
open System.Globalization
open System.IO
open ParquetSharp

/// Rows per row group: big enough that a reader's per-group cost is small, small enough to read groups in parallel.
let rowGroupRows = 1 <<< 17

let private integerLabels (classes: string[]) =
    classes
    |> Array.forall (fun c -> Int64.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) |> fst)

/// Writes `features` (named columns of a column-major matrix) and, when given, one label per row (names of
/// `classes`) to `stream`.
let write (stream: Stream) (names: string[]) (x: Matrix) (label: (string * string[] * int[]) option) =
    ParquetNative.ensure ()
    let integers = label |> Option.exists (fun (_, classes, _) -> integerLabels classes)
    let columns: Column[] =
        [| for name in names do
               yield Column<float>(name) :> Column
           match label with
           | Some (name, _, _) when integers -> yield Column<int64>(name) :> Column
           | Some (name, _, _) -> yield Column<string>(name) :> Column
           | None -> () |]
    let builder = (new WriterPropertiesBuilder()).Compression(Compression.Snappy).DisableDictionary()
    let builder = match label with Some (name, _, _) -> builder.EnableDictionary(name) | None -> builder
    use properties = builder.Build()
    use writer = new ParquetFileWriter(stream, columns, LogicalTypeFactory.Default, properties, null, true)
    let n = x.Rows
    let mutable start = 0
    while start < n || (n = 0 && start = 0) do
        let m = min rowGroupRows (n - start)
        use rg = writer.AppendRowGroup()
        for j in 0 .. names.Length - 1 do
            use column = rg.NextColumn()
            (column :?> ColumnWriter<float>).WriteBatch(ReadOnlySpan<float>(x.Data, j * n + start, m))
        match label with
        | Some (_, classes, y) ->
            use column = rg.NextColumn()
            if integers then
                let values = Array.init m (fun i -> Int64.Parse(classes.[y.[start + i]], CultureInfo.InvariantCulture))
                (column :?> ColumnWriter<int64>).WriteBatch(ReadOnlySpan<int64> values)
            else
                use w = column.LogicalWriter<string>()
                w.WriteBatch(Array.init m (fun i -> classes.[y.[start + i]]))
        | None -> ()
        start <- start + max m 1
    writer.Close()

/// Writes a labelled dataset to `path`, atomically.
let writeDataset (path: string) (ds: Dataset) =
    Files.writeAtomic path (fun s -> write s ds.FeatureNames ds.X (Some(ds.LabelName, ds.Classes, ds.Y)))
