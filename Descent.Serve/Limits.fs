/// What one request may ask of the server, checked before any work starts (as the command line refuses work that
/// cannot fit in memory): the size of an upload, of generated data, of the training it asks for.
namespace Descent.Serve

open Descent

/// A request the server refuses: the HTTP status and the one line that says why.
exception Refused of status: int * line: string

type Limits =
    { /// Bytes of one uploaded table (the body of POST /api/data); 413 beyond.
      MaxUploadBytes: int64
      /// Uploaded tables kept in memory at once; the least recently used is dropped beyond.
      MaxUploads: int
      /// Bytes of all uploaded tables kept at once; the least recently used are dropped beyond.
      MaxUploadsBytes: int64
      /// Generated samples of one request.
      MaxSamples: int
      /// Epochs of one request.
      MaxEpochs: int
      /// Rows × columns (bias included) × outputs × epochs of one request: the multiply-adds of its forward passes.
      MaxWork: float
      /// Runs at once; further requests wait their turn.
      Concurrent: int }

module Limits =

    let defaults =
        { MaxUploadBytes = 50L * 1024L * 1024L
          MaxUploads = 16
          MaxUploadsBytes = 256L * 1024L * 1024L
          MaxSamples = 200_000
          MaxEpochs = 10_000
          MaxWork = 2e9
          Concurrent = max 2 System.Environment.ProcessorCount }

    let private refuse (line: string) : 'a = raise (Refused(400, line))

    /// Refuses an experiment whose generated data or epochs exceed the limits, before its data is made.
    let checkExperiment (l: Limits) (e: Experiment) =
        if e.Epochs > l.MaxEpochs then
            refuse $"epochs={e.Epochs} is more than this server runs per request ({l.MaxEpochs}); run descent train locally for more"
        match MemoryBudget.shape e.Data with
        | Some (n, _, _) when n > float l.MaxSamples ->
            refuse $"samples={n} is more than this server generates per request ({l.MaxSamples}); run descent train locally for more"
        | _ -> ()

    /// Refuses training `rows` rows of `columns` columns (bias included) into `outputs` outputs for the experiment's
    /// epochs when that is more work than one request may ask for.
    let checkWork (l: Limits) (e: Experiment) (rows: int) (columns: int) (outputs: int) =
        let work = float rows * float columns * float outputs * float e.Epochs
        if work > l.MaxWork then
            refuse $"{rows} rows × {columns} columns × {outputs} outputs × {e.Epochs} epochs is more work than this server does per request ({l.MaxWork:g3} multiply-adds); use fewer epochs or rows, or run descent train locally"
