/// Tables uploaded to the server (POST /api/data): kept in memory only, bounded in number and bytes, the least
/// recently used dropped first. A table is read by the library's own readers (through MemoryFile) when it is uploaded,
/// to refuse a malformed one at once and to list its columns, and again for each reading of it a run asks for (label
/// column, delimiter, …), whose result is kept beside it.
module Descent.Serve.Uploads

open System
open System.IO
open System.IO.Compression
open Descent

type Format =
    | CsvText
    | Parquet

/// An uploaded table.
type Upload =
    { Id: string
      /// The name it was uploaded as (a file name, no folder), shown in messages and in the page's command.
      Name: string
      Format: Format
      Bytes: byte[]
      Columns: string[]
      Rows: int }

/// The table's bytes read as `spec` says (its Path ignored), by the library's CSV or Parquet reader; messages name
/// the file by the upload's name.
let read (u: Upload) (spec: TableFile) : Dataset =
    MemoryFile.readWith u.Bytes (fun path ->
        let spec = { spec with Path = path }
        match u.Format with
        | Parquet -> ParquetDataset.load spec
        | CsvText -> CsvDataset.load spec)

/// A file name without folders or characters a shell would read, ending as its format's files do.
let safeName (given: string) (format: Format) =
    let name = Path.GetFileName(given.Replace('\\', '/'))
    let kept = String(name.ToCharArray() |> Array.filter (fun c -> Char.IsAsciiLetterOrDigit c || c = '.' || c = '-' || c = '_'))
    let kept = kept.TrimStart('.')
    let stem = if kept = "" then "upload" else kept
    match format with
    | Parquet when not (stem.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)) -> stem + ".parquet"
    | CsvText when stem.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) -> stem.[.. stem.Length - 4]
    | CsvText when not (stem.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || stem.EndsWith(".tsv", StringComparison.OrdinalIgnoreCase)) -> stem + ".csv"
    | _ -> stem

let private isGzip (b: byte[]) = b.Length >= 2 && b.[0] = 0x1fuy && b.[1] = 0x8buy
let private isParquet (b: byte[]) = b.Length >= 8 && b.[0] = byte 'P' && b.[1] = byte 'A' && b.[2] = byte 'R' && b.[3] = byte '1'

/// A gzip body decompressed, at most `limit` bytes of it (413 beyond).
let private gunzip (limit: int64) (b: byte[]) =
    use input = new GZipStream(new MemoryStream(b), CompressionMode.Decompress)
    use output = new MemoryStream()
    let buffer = Array.zeroCreate<byte> 65536
    let mutable n = input.Read(buffer, 0, buffer.Length)
    while n > 0 do
        if output.Length + int64 n > limit then
            raise (Refused(413, $"the table is more than {limit / 1048576L} MiB once decompressed (the server's --max-upload-mb)"))
        output.Write(buffer, 0, n)
        n <- input.Read(buffer, 0, buffer.Length)
    output.ToArray()

/// The uploads kept, most recently used last.
type Store(limits: Limits) =
    let kept = System.Collections.Generic.List<Upload>()
    /// Readings of a table (upload id and reader settings) already made, most recently used last; shared by the runs
    /// that ask for them, which never change a Dataset (Run.prepareOn copies the rows it trains on).
    let readings = System.Collections.Generic.List<(string * TableFile) * Dataset>()
    let gate = obj ()

    let dropBeyondLimits () =
        while kept.Count > limits.MaxUploads || (kept.Count > 1 && (kept |> Seq.sumBy (fun u -> int64 u.Bytes.Length)) > limits.MaxUploadsBytes) do
            let gone = kept.[0]
            kept.RemoveAt 0
            readings.RemoveAll(fun ((id, _), _) -> id = gone.Id) |> ignore

    /// Reads and keeps an uploaded body; a malformed table raises the reader's error.
    member _.Add(body: byte[], name: string) : Upload =
        let bytes = if isGzip body then gunzip limits.MaxUploadBytes body else body
        let format = if isParquet bytes then Parquet else CsvText
        let u = { Id = Guid.NewGuid().ToString("N").Substring(0, 12); Name = safeName name format; Format = format; Bytes = bytes; Columns = [||]; Rows = 0 }
        let data = read u (DataSpec.tableFile u.Name)
        let u = { u with Columns = Array.append data.FeatureNames [| data.LabelName |]; Rows = data.X.Rows }
        lock gate (fun () ->
            kept.Add u
            readings.Add(((u.Id, DataSpec.tableFile u.Name), data))
            dropBeyondLimits ())
        u

    /// The upload `id`, now the most recently used, or None.
    member _.TryGet(id: string) : Upload option =
        lock gate (fun () ->
            match Seq.tryFindIndex (fun u -> u.Id = id) kept with
            | Some i ->
                let u = kept.[i]
                kept.RemoveAt i
                kept.Add u
                Some u
            | None -> None)

    /// The table read as `spec` says: a reading kept, or one made now and kept (twice as many as uploads at most).
    member _.Reading(u: Upload, spec: TableFile) : Dataset =
        let key = u.Id, { spec with Path = u.Name }
        match lock gate (fun () -> readings |> Seq.tryFind (fun (k, _) -> k = key)) with
        | Some (_, data) -> data
        | None ->
            let data = read u spec
            lock gate (fun () ->
                readings.Add((key, data))
                if readings.Count > 2 * limits.MaxUploads then readings.RemoveAt 0)
            data

    /// Ids of the uploads kept, least recently used first.
    member _.Ids = lock gate (fun () -> [ for u in kept -> u.Id ])
