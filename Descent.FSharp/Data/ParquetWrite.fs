/// Tables written as Parquet with Parquet.Net: each feature a double column written straight from the column-major
/// matrix, the label an int64 column when every class is an integer, a string column otherwise; row groups of
/// 2^17 rows, snappy-compressed (Parquet.Net's default codec).
module Descent.ParquetWrite

open System
open System.Globalization
open System.IO
open Parquet
open Parquet.Schema

/// Rows per row group: big enough that a reader's per-group cost is small, small enough to read groups in parallel.
let rowGroupRows = 1 <<< 17

let private integerLabels (classes: string[]) =
    classes
    |> Array.forall (fun c -> Int64.TryParse(c, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture) |> fst)

/// Writes `features` (named columns of a column-major matrix) and, when given, one label per row (names of
/// `classes`) to `stream`.
let write (stream: Stream) (names: string[]) (x: Matrix) (label: (string * string[] * int[]) option) =
    let featureFields = names |> Array.map (fun n -> DataField<float>(n) :> DataField)
    let labelField =
        label |> Option.map (fun (name, classes, _) ->
            if integerLabels classes then DataField<int64>(name) :> DataField else DataField<string>(name) :> DataField)
    let schema = ParquetSchema(Array.append featureFields (Option.toArray labelField) |> Array.map (fun f -> f :> Field))
    let writer = ParquetWriter.CreateAsync(schema, stream, ParquetTable.options ()).GetAwaiter().GetResult()
    let n = x.Rows
    let mutable start = 0
    while start < n || (n = 0 && start = 0) do
        let m = min rowGroupRows (n - start)
        use rg = writer.CreateRowGroup()
        for j in 0 .. names.Length - 1 do
            rg.WriteAsync<float>(featureFields.[j], ReadOnlyMemory<float>(x.Data, j * n + start, m)).GetAwaiter().GetResult()
        match label, labelField with
        | Some (_, classes, y), Some field ->
            if integerLabels classes then
                let values = Array.init m (fun i -> Int64.Parse(classes.[y.[start + i]], CultureInfo.InvariantCulture))
                rg.WriteAsync<int64>(field, ReadOnlyMemory<int64> values).GetAwaiter().GetResult()
            else
                let values = Array.init m (fun i -> classes.[y.[start + i]])
                rg.WriteAsync(field, values).GetAwaiter().GetResult()
        | _ -> ()
        start <- start + max m 1
    writer.DisposeAsync().AsTask().GetAwaiter().GetResult()

/// Writes a labelled dataset to `path`, atomically.
let writeDataset (path: string) (ds: Dataset) =
    Files.writeAtomic path (fun s -> write s ds.FeatureNames ds.X (Some(ds.LabelName, ds.Classes, ds.Y)))
