/// A sweep's journal: the file in the output folder that holds every configuration finished so far, one line each,
/// appended and flushed to disk (fsync) the moment it finishes, so that a crash, a kill or a power loss loses at most
/// the configurations running at that moment. `--resume` reads it back, skips what it holds and runs the rest.
///
///   sweep-journal.jsonl (a whole sweep) or sweep-journal-i-of-n.jsonl (shard i/n):
///   line 1:  {"descentJournal":1,"grid":{"size":6,"fingerprint":"…"},"shard":{"index":1,"count":2}}
///   then:    one run object per finished configuration, as a part file holds it (SweepResults.writeRun), on one line
///
/// A record is complete only with its line end; a last line without one, or one that does not parse, is a record torn
/// by the crash and is ignored (and cut off before the next append). The open journal is locked (flock through
/// FileShare.None), so a second process running the same shard into the same folder is refused; different shards
/// have different journals. A sweep that finishes writes its outputs and then deletes its journal, so a finished
/// sweep leaves exactly the files it always did.
module Descent.Journal

open System
open System.IO
open System.Text
open System.Text.Json
open Descent.SweepResults

[<Literal>]
let FormatVersion = 1

/// Which sweep a journal belongs to.
type Header =
    { Grid: SweepParts.GridId
      Shard: (int * int) option }

/// What a journal holds: its header (None when even the header was torn) and the finished entries, in the order
/// they finished; `ValidBytes` is the length of its whole records, where the next one is appended.
type Contents =
    { Header: Header option
      Entries: Entry list
      ValidBytes: int64
      /// Bytes after the last whole record (a record torn by a crash), ignored.
      TornBytes: int64 }

/// sweep-journal.jsonl, or sweep-journal-i-of-n.jsonl for shard i/n.
let fileName (shard: (int * int) option) =
    match shard with
    | Some (i, n) -> $"sweep-journal-{i}-of-{n}.jsonl"
    | None -> "sweep-journal.jsonl"

let private line (bytes: byte[]) = Array.append bytes [| byte '\n' |]

let private headerLine (h: Header) =
    line (
        Json.toLine (fun w ->
            w.WriteStartObject()
            w.WriteNumber("descentJournal", FormatVersion)
            SweepParts.writeIdentity w h.Grid h.Shard
            w.WriteEndObject())
    )

/// The record of one finished configuration: its run object on one line.
let recordLine (e: Entry) = line (Json.toLine (fun w -> writeRun w e))

let private readHeader (root: JsonElement) : Header =
    let prop (name: string) (e: JsonElement) = e.GetProperty name
    if (prop "descentJournal" root).GetInt32() <> FormatVersion then raise (FormatException "unknown journal version")
    { Grid = SweepParts.readGrid root
      Shard =
        match root.TryGetProperty "shard" with
        | true, s -> Some((prop "index" s).GetInt32(), (prop "count" s).GetInt32())
        | _ -> None }

/// Parses a journal's bytes; a line that is not a record anywhere but last raises an InvalidFile problem.
let parse (path: string) (bytes: byte[]) : Contents =
    // Whole lines only: what follows the last '\n' was being written when the process died.
    let wholeEnd = Array.LastIndexOf(bytes, byte '\n') + 1
    let lines =
        [ let mutable start = 0
          for i in 0 .. wholeEnd - 1 do
              if bytes.[i] = byte '\n' then
                  yield start, i - start
                  start <- i + 1 ]
    let tryParse (read: JsonElement -> 'a) (start: int, length: int) =
        try
            use doc = JsonDocument.Parse(ReadOnlyMemory(bytes, start, length))
            Some(read doc.RootElement)
        with
        | :? JsonException
        | :? FormatException
        | :? InvalidOperationException
        | :? ArgumentException
        | :? NullReferenceException
        | :? Collections.Generic.KeyNotFoundException -> None
    let last = lines.Length - 1
    let bad (n: int) = Fail.file SweepJournal path $", line {n + 1}: not a record written by descent sweep (only the last line may be torn)"
    match lines with
    | [] -> { Header = None; Entries = []; ValidBytes = 0L; TornBytes = int64 bytes.Length }
    | first :: records ->
        match tryParse readHeader first with
        | None when last = 0 -> { Header = None; Entries = []; ValidBytes = 0L; TornBytes = int64 bytes.Length }
        | None -> bad 0
        | Some header ->
            let parsed = records |> List.mapi (fun k r -> k + 1, r, tryParse readRun r)
            let entries =
                parsed
                |> List.choose (fun (n, _, entry) ->
                    match entry with
                    | Some e -> Some e
                    | None when n = last -> None
                    | None -> bad n)
            let validEnd =
                match List.tryLast parsed with
                | Some (_, (start, _), None) -> start
                | _ -> wholeEnd
            { Header = Some header
              Entries = entries
              ValidBytes = int64 validEnd
              TornBytes = int64 (bytes.Length - validEnd) }

/// Why a journal's entries do not belong to `grid` (the experiments of this sweep, in order), in words: the first
/// setting that differs in a finished configuration, else the size or the fingerprint.
let difference (grid: Experiment list) (expected: Header) (journal: Header) (entries: Entry list) : string =
    let items = Array.ofList grid
    let changed =
        entries
        |> List.tryPick (fun e ->
            if e.Index < 1 || e.Index > items.Length then
                Some $"it holds configuration {e.Index}, this sweep has {items.Length}"
            else
                let here = SweepSettings.columns items.[e.Index - 1]
                let names = (List.map fst e.Settings @ List.map fst here) |> List.distinct
                names
                |> List.tryFind (fun n -> SweepSettings.valueOf n e.Settings <> SweepSettings.valueOf n here)
                |> Option.map (fun n ->
                    let shown (v: SweepSettings.SettingValue) = match SweepSettings.text v with "" -> "none" | t -> t
                    $"configuration {e.Index} has {n} {shown (SweepSettings.valueOf n e.Settings)} there and {shown (SweepSettings.valueOf n here)} here"))
    match changed with
    | Some what -> what
    | None when journal.Grid.Size <> expected.Grid.Size ->
        $"its grid has {journal.Grid.Size} configurations, this sweep's {expected.Grid.Size}"
    | None when journal.Shard <> expected.Shard ->
        let name (s: (int * int) option) = match s with Some (i, n) -> $"shard {i}/{n}" | None -> "the whole grid"
        $"it is the journal of {name journal.Shard}, this sweep runs {name expected.Shard}"
    | None ->
        $"its grid's fingerprint {journal.Grid.Fingerprint} is not this sweep's {expected.Grid.Fingerprint} (a configuration that had not finished differs)"

/// An open, locked journal: appends records and flushes each to disk at once. Thread-safe (workers append).
type Writer private (path: string, stream: FileStream) =
    let gate = obj ()
    let mutable closed = false

    /// The path as the caller named it.
    member _.Path = path

    /// Appends one finished configuration and flushes it to disk before returning.
    member _.Append(e: Entry) =
        let bytes = recordLine e
        lock gate (fun () ->
            let before = stream.Position
            try
                stream.Write(bytes, 0, bytes.Length)
                stream.Flush true
            with
            | :? IOException
            | :? UnauthorizedAccessException as ex ->
                // A full disk takes part of the record: cut it off, so the journal stays whole records.
                (try stream.SetLength before; stream.Flush true with _ -> ())
                raise (WriteFailed(path, Files.causeOf ex)))

    /// Deletes the journal (then unlocks it): the sweep finished and its outputs are written, or nothing finished.
    member this.Remove() =
        lock gate (fun () ->
            if not closed then
                try File.Delete path with _ -> ()
                Files.syncFolderOf path
                (this :> IDisposable).Dispose())

    interface IDisposable with
        member _.Dispose() =
            if not closed then
                closed <- true
                stream.Dispose()

    /// Opens (creating it if need be) and locks the journal at `path` for the sweep `header`; `check` sees what an
    /// existing journal holds and raises a problem to refuse it, or returns whether to continue it (false: start it
    /// afresh). Returns the writer and the entries kept.
    static member Open (path: string) (header: Header) (check: Contents -> bool) : Writer * Entry list =
        let stream =
            try
                new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None)
            with
            | :? IOException as ex when ex.HResult = 0x80070020 || ex.Message.Contains "being used by another process" ->
                Fail.file SweepJournal path " is locked by another descent sweep writing the same shard into the same folder; wait for it to end, or give this one another output folder"
            | :? IOException
            | :? UnauthorizedAccessException as ex -> raise (WriteFailed(path, Files.causeOf ex))
        try
            let bytes =
                use copy = new MemoryStream()
                stream.CopyTo copy
                copy.ToArray()
            let contents = parse path bytes
            let keep = bytes.Length > 0 && check contents
            try
                if keep then
                    stream.SetLength contents.ValidBytes
                    stream.Position <- contents.ValidBytes
                else
                    stream.SetLength 0L
                    stream.Position <- 0L
                    let h = headerLine header
                    stream.Write(h, 0, h.Length)
                stream.Flush true
            with
            | :? IOException
            | :? UnauthorizedAccessException as ex -> raise (WriteFailed(path, Files.causeOf ex))
            Files.syncFolderOf path
            new Writer(path, stream), (if keep then contents.Entries else [])
        with _ ->
            stream.Dispose()
            reraise ()
