/// The run each page has going: a page's newer request cancels its older one (the learner moved the slider again),
/// and stopping the server cancels them all.
module Descent.Serve.PageRuns

open System
open System.Collections.Concurrent
open System.Threading

type Runs(stopping: CancellationToken) =
    let current = ConcurrentDictionary<string, CancellationTokenSource>()

    /// A token for a new run of `page` (None: a client that names no page), cancelled when the request is aborted,
    /// when the server stops, or when the same page starts another run; dispose the result when the run is over.
    member _.Start(page: string option, aborted: CancellationToken) : CancellationTokenSource =
        let cts = CancellationTokenSource.CreateLinkedTokenSource(stopping, aborted)
        match page with
        | Some id ->
            let mutable older = Unchecked.defaultof<CancellationTokenSource>
            current.AddOrUpdate(id, cts, (fun _ previous -> older <- previous; cts)) |> ignore
            match older with
            | null -> ()
            | o -> (try o.Cancel() with :? ObjectDisposedException -> ())
        | None -> ()
        cts

    /// Forgets `cts` as `page`'s run if it still is.
    member _.Finish(page: string option, cts: CancellationTokenSource) =
        match page with
        | Some id -> current.TryRemove(Collections.Generic.KeyValuePair(id, cts)) |> ignore
        | None -> ()
        cts.Dispose()
