/// `descent serve`: Kestrel serving the playground's page and its API. The page is a client of the API a script could
/// call: GET /api/train?<train's flags> answers what `descent train --json` prints, computed by train's own code
/// (handed in as Verbs by the command line, which owns the flags and their error lines).
module Descent.Serve.Server

open System
open System.IO
open System.Net
open System.Security.Cryptography
open System.Text
open System.Text.Json
open System.Text.RegularExpressions
open System.Threading
open System.Threading.Tasks
open Microsoft.AspNetCore.Builder
open Microsoft.AspNetCore.Hosting
open Microsoft.AspNetCore.Http
open Microsoft.Extensions.DependencyInjection
open Microsoft.Extensions.Hosting
open Microsoft.Extensions.Logging
open Descent

/// An uploaded table as a run reads it: its name (as the command shows it) and its reading with a reader's settings.
type Table = { Name: string; Read: TableFile -> Dataset }

/// The server's limits as the verbs apply them: before the data is made, and once its size is known.
type Bounds =
    { Before: Experiment -> unit
      /// The experiment, training rows, columns (bias included) and outputs.
      Work: Experiment -> int -> int -> int -> unit }

/// What the server asks of the verbs' code (Cli/ServeCommand.fs).
type Verbs =
    { /// `descent train ARGV`'s run (the table standing for --data's file), calling back once per epoch; raises what
      /// the verb raises on bad input. Its JSON (Outputs.json) is what `descent train ARGV --json` prints.
      Train: CancellationToken -> string[] -> Table option -> Bounds -> (Training.EpochStats -> unit) -> Run.TrainedRun
      /// `descent landscape ARGV --json`'s text.
      Landscape: CancellationToken -> string[] -> Table option -> Bounds -> string
      /// Train's experiment for ARGV with its data made, split and scaled as train makes them (the page draws them).
      Prepare: string[] -> Table option -> Bounds -> Run.Prepared
      /// The one line the command line prints for an error (without "descent: "), or None for a fault.
      ErrorLine: exn -> string option }

type Settings =
    { Host: string
      /// 0: any free port.
      Port: int
      /// Every request must carry it (the URL's ?token=, then a cookie) when Some.
      Token: string option
      Limits: Limits
      /// Prints a line about the server's work (the command line's [INFO] lines).
      Say: string -> unit }

/// A random token as Jupyter's: 24 bytes in hex.
let newToken () = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes 24)

/// Whether `host` names only this machine.
let isLoopback (host: string) =
    host = "localhost" || (match IPAddress.TryParse host with | true, a -> IPAddress.IsLoopback a | _ -> false)

// ---- responses

/// Error lines and frames keep their characters ('<', '\'') as they are: they are read as JSON, never as HTML.
let private relaxed = JsonWriterOptions(Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping)

let private jsonLine (write: Utf8JsonWriter -> unit) =
    use ms = new MemoryStream()
    do
        use w = new Utf8JsonWriter(ms, relaxed)
        w.WriteStartObject()
        write w
        w.WriteEndObject()
    Encoding.UTF8.GetString(ms.ToArray())

/// `{"error": "<line>"}`.
let errorJson (line: string) = jsonLine (fun w -> w.WriteString("error", line))

let private send (ctx: HttpContext) (status: int) (contentType: string) (text: string) : Task =
    ctx.Response.StatusCode <- status
    ctx.Response.ContentType <- contentType
    ctx.Response.Headers.CacheControl <- "no-store"
    ctx.Response.WriteAsync text

let private sendError (ctx: HttpContext) (status: int) (line: string) =
    if ctx.Response.HasStarted then Task.CompletedTask
    else send ctx status "application/json; charset=utf-8" (errorJson line + "\n")

// ---- the server

type private Service(settings: Settings, verbs: Verbs, stopping: CancellationToken) =
    let limits = settings.Limits
    let uploads = Uploads.Store limits
    let runs = PageRuns.Runs stopping
    let gate = new SemaphoreSlim(limits.Concurrent)
    let bounds = { Before = Limits.checkExperiment limits; Work = Limits.checkWork limits }
    let memoryPath = Regex MemoryFile.pathPattern

    /// The status and line for an exception a request raised.
    let failure (tableName: string option) (ex: exn) : int * string =
        let named (line: string) = memoryPath.Replace(line, tableName |> Option.defaultValue "the uploaded table")
        match ex with
        | Refused (status, line) -> status, named line
        | :? OperationCanceledException -> 409, "cancelled: a newer request from the same page, or the server stopping, replaced this one"
        | ex ->
            match verbs.ErrorLine ex with
            | Some line -> 400, named line
            | None ->
                settings.Say $"[ERROR] {ex.GetType().Name}: {ex.Message}"
                500, $"the server failed: {ex.GetType().Name}: {ex.Message}"

    /// The request's command line and the uploaded table its data= names.
    let command (ctx: HttpContext) =
        let query = QueryFlags.parse (ctx.Request.QueryString.Value |> Option.ofObj |> Option.defaultValue "")
        let mutable table = None
        let tableOf (id: string) =
            if id = "" || id.Contains '/' || id.Contains '\\' || id.Contains '.' then
                raise (Refused(400, $"data= must be the id of an uploaded table (POST /api/data), not a path on the server (got '{id}')"))
            match uploads.TryGet id with
            | Some u ->
                table <- Some { Name = u.Name; Read = fun spec -> uploads.Reading(u, spec) }
                u.Name
            | None -> raise (Refused(404, $"no uploaded table '{id}' (uploads are kept in memory, the least recently used dropped: upload it again)"))
        let argv = QueryFlags.toArgv tableOf query
        query, argv, table

    /// Runs `work` for the request, one of `limits.Concurrent` at a time, cancelled as PageRuns says.
    let running (ctx: HttpContext) (query: (string * string) list) (work: CancellationToken -> 'a) : Task<'a> =
        task {
            let page = QueryFlags.reservedValue "page" query
            let cts = runs.Start(page, ctx.RequestAborted)
            try
                do! gate.WaitAsync cts.Token
                try
                    // On the request's own thread: a hop to another thread waited for a core whenever the browser
                    // drawing the page held both, which delayed the first frame.
                    cts.Token.ThrowIfCancellationRequested()
                    let result = work cts.Token
                    cts.Token.ThrowIfCancellationRequested()
                    return result
                finally
                    gate.Release() |> ignore
            finally
                runs.Finish(page, cts)
        }

    member _.Uploads = uploads

    /// GET /api/points?<train's flags>: the rows train would train and test on, scaled as it scales them, for the
    /// page to draw: {"featureNames","classes","means","train":{"x","y"},"test":{"x","y"}}, each x a list of rows of
    /// the first two features, at most 2000 rows per set (an even sample beyond); `means` is every feature's mean over
    /// the test rows, where the page holds the features it does not draw (as data.html's charts do).
    member _.Points(ctx: HttpContext) : Task =
        task {
            let mutable tableName = None
            try
                let query, argv, table = command ctx
                tableName <- table |> Option.map _.Name
                let! text =
                    running ctx query (fun _ ->
                        let p = verbs.Prepare argv table bounds
                        jsonLine (fun w ->
                            Json.strings w "featureNames" p.Schema.FeatureNames
                            Json.strings w "classes" p.Schema.Classes
                            let test = p.Test.X
                            Json.numbers w "means" (Array.init (test.Cols - 1) (fun j -> if test.Rows = 0 then 0.0 else Array.average (Matrix.column test j)))
                            for name, rows in [ "train", p.Train; "test", p.Test ] do
                                let n = rows.X.Rows
                                let step = max 1 ((n + 1999) / 2000)
                                let features = min 2 (rows.X.Cols - 1)
                                w.WriteStartObject name
                                w.WriteStartArray "x"
                                for i in 0 .. step .. n - 1 do
                                    w.WriteStartArray()
                                    for j in 0 .. features - 1 do
                                        w.WriteNumberValue(Matrix.get rows.X i j)
                                    w.WriteEndArray()
                                w.WriteEndArray()
                                w.WriteStartArray "y"
                                for i in 0 .. step .. n - 1 do
                                    w.WriteNumberValue rows.Y.[i]
                                w.WriteEndArray()
                                w.WriteEndObject()))
                do! send ctx 200 "application/json; charset=utf-8" (text + "\n")
            with ex ->
                let status, line = failure tableName ex
                if not ctx.RequestAborted.IsCancellationRequested then do! sendError ctx status line
        }

    /// GET /api/train, /api/landscape and /api/model: the verb's JSON (model.json for /api/model), or 4xx and its
    /// one line.
    member _.Json(ctx: HttpContext, verb: string) : Task =
        task {
            let mutable tableName = None
            try
                let query, argv, table = command ctx
                tableName <- table |> Option.map _.Name
                let! text =
                    running ctx query (fun cancel ->
                        match verb with
                        | "landscape" -> verbs.Landscape cancel argv table bounds
                        | "model" -> ModelFile.json (verbs.Train cancel argv table bounds ignore)
                        | _ -> Outputs.json (verbs.Train cancel argv table bounds ignore))
                do! send ctx 200 "application/json; charset=utf-8" (text + "\n")
            with ex ->
                let status, line = failure tableName ex
                if not ctx.RequestAborted.IsCancellationRequested then do! sendError ctx status line
        }

    /// GET /api/train/stream: server-sent events, `epoch` (one per epoch, at most one per 15 ms and always the first:
    /// {"epoch","loss","rate","validationLoss"}) while it trains, then `result` (train's JSON) or `error`
    /// ({"error": line}).
    member _.Stream(ctx: HttpContext) : Task =
        task {
            ctx.Response.ContentType <- "text/event-stream"
            ctx.Response.Headers.CacheControl <- "no-store"
            // Frames are written and flushed by the training thread itself, as each epoch ends: no queue and no
            // second thread between an epoch and the page.
            ctx.Features.Get<Features.IHttpBodyControlFeature>().AllowSynchronousIO <- true
            let clock = Diagnostics.Stopwatch.StartNew()
            let mutable last = -1.0
            let sendEvent (name: string) (data: string) =
                let sb = StringBuilder()
                sb.Append("event: ").Append(name).Append('\n') |> ignore
                for line in data.Replace("\r", "").Split('\n') do
                    sb.Append("data: ").Append(line).Append('\n') |> ignore
                sb.Append('\n') |> ignore
                let bytes = Encoding.UTF8.GetBytes(sb.ToString())
                ctx.Response.Body.Write(bytes, 0, bytes.Length)
                ctx.Response.Body.Flush()
            let onEpoch (s: Training.EpochStats) =
                let now = clock.Elapsed.TotalMilliseconds
                if s.Epoch = 1 || now - last >= 15.0 then
                    last <- now
                    let frame =
                        jsonLine (fun w ->
                            w.WriteNumber("epoch", s.Epoch)
                            w.WriteNumber("loss", s.Loss)
                            w.WriteNumber("rate", s.Rate)
                            if Double.IsFinite s.ValidationLoss then w.WriteNumber("validationLoss", s.ValidationLoss))
                    if not ctx.RequestAborted.IsCancellationRequested then sendEvent "epoch" frame
            let mutable tableName = None
            try
                let query, argv, table = command ctx
                tableName <- table |> Option.map _.Name
                let! text = running ctx query (fun cancel -> Outputs.json (verbs.Train cancel argv table bounds onEpoch))
                sendEvent "result" text
            with
            | _ when ctx.RequestAborted.IsCancellationRequested -> ()
            | ex ->
                let status, line = failure tableName ex
                try sendEvent "error" (jsonLine (fun w -> w.WriteString("error", line); w.WriteNumber("status", status)))
                with _ when ctx.RequestAborted.IsCancellationRequested -> ()
        }

    /// POST /api/data: a CSV or Parquet body (gzip allowed), at most limits.MaxUploadBytes (413 beyond), read and
    /// kept in memory: {"id","name","format","rows","columns"}.
    member _.Upload(ctx: HttpContext) : Task =
        task {
            let name = ctx.Request.Query.["name"].ToString()
            let limit = limits.MaxUploadBytes
            let tooBig = $"the table is more than the server's upload limit of {limit / 1048576L} MiB (descent serve --max-upload-mb)"
            if not (MemoryFile.supported ()) then
                do! sendError ctx 501 "uploads are kept in anonymous memory files, which this system does not have (Linux's memfd_create)"
            elif ctx.Request.ContentLength.HasValue && ctx.Request.ContentLength.Value > limit then
                do! sendError ctx 413 tooBig
            else
                use body = new MemoryStream()
                let buffer = Array.zeroCreate<byte> 65536
                let mutable more = true
                let mutable over = false
                while more && not over do
                    let! n = ctx.Request.Body.ReadAsync(buffer, 0, buffer.Length, ctx.RequestAborted)
                    if n = 0 then more <- false
                    elif body.Length + int64 n > limit then over <- true
                    else body.Write(buffer, 0, n)
                if over then
                    do! sendError ctx 413 tooBig
                elif body.Length = 0L then
                    do! sendError ctx 400 "the request has no body: POST the table's bytes (CSV or Parquet)"
                else
                    try
                        let! u = Task.Run(fun () -> uploads.Add(body.ToArray(), (if name = "" then "upload.csv" else name)))
                        let text =
                            jsonLine (fun w ->
                                w.WriteString("id", u.Id)
                                w.WriteString("name", u.Name)
                                w.WriteString("format", (match u.Format with Uploads.Parquet -> "parquet" | Uploads.CsvText -> "csv"))
                                w.WriteNumber("rows", u.Rows)
                                w.WriteStartArray "columns"
                                for c in u.Columns do
                                    w.WriteStringValue c
                                w.WriteEndArray())
                        do! send ctx 200 "application/json; charset=utf-8" (text + "\n")
                    with ex ->
                        let status, line = failure (Some(Uploads.safeName name Uploads.CsvText)) ex
                        // The reader introduces the file by the command line's flag, which an upload has none of.
                        let line = if line.StartsWith "--csv " then line.Substring 6 else line
                        do! sendError ctx status line
        }

/// Whether the request carries the token (in the URL, or the cookie the first such request set).
let private authorised (token: string option) (ctx: HttpContext) =
    match token with
    | None -> true
    | Some t ->
        let same (s: string) = s <> "" && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes s, Encoding.UTF8.GetBytes t)
        let inQuery = ctx.Request.Query.["token"].ToString()
        if same inQuery then
            ctx.Response.Cookies.Append("descent-token", t, CookieOptions(HttpOnly = true, SameSite = SameSiteMode.Strict))
            true
        else
            match ctx.Request.Cookies.TryGetValue "descent-token" with
            | true, c -> same c
            | _ -> false

let private handle (settings: Settings) (service: Service) (ctx: HttpContext) : Task =
    let path = ctx.Request.Path.Value |> Option.ofObj |> Option.defaultValue "/"
    let methodIs (m: string) = String.Equals(ctx.Request.Method, m, StringComparison.OrdinalIgnoreCase)
    if not (authorised settings.Token ctx) then
        sendError ctx 403 "this server needs the token printed in its URL (…/?token=…), as descent serve printed it"
    else
        match path with
        | "/api/train" when methodIs "GET" -> service.Json(ctx, "train")
        | "/api/landscape" when methodIs "GET" -> service.Json(ctx, "landscape")
        | "/api/model" when methodIs "GET" -> service.Json(ctx, "model")
        | "/api/train/stream" when methodIs "GET" -> service.Stream ctx
        | "/api/points" when methodIs "GET" -> service.Points ctx
        | "/api/data" when methodIs "POST" -> service.Upload ctx
        | "/api/train" | "/api/landscape" | "/api/train/stream" | "/api/points" | "/api/model" | "/api/data" ->
            sendError ctx 405 $"{ctx.Request.Method} is not allowed on {path}"
        | _ ->
            match Assets.all.Value.TryFind path with
            | Some asset when methodIs "GET" || methodIs "HEAD" ->
                ctx.Response.ContentType <- asset.ContentType
                ctx.Response.Headers.CacheControl <- (if path = "/plotly.min.js" then "public, max-age=86400" else "no-cache")
                ctx.Response.Body.WriteAsync(asset.Bytes, 0, asset.Bytes.Length)
            | _ -> sendError ctx 404 $"no such page or endpoint: {path} (the API: /api/train, /api/train/stream, /api/landscape, POST /api/data)"

/// A host lifetime that leaves signals to the program (Program.fs), which cancels the token `run` is given.
type private ProgramLifetime() =
    interface IHostLifetime with
        member _.WaitForStartAsync _ = Task.CompletedTask
        member _.StopAsync _ = Task.CompletedTask

/// The URL the server answers at, with the token when there is one.
let private urlOf (settings: Settings) (port: int) =
    let host = if settings.Host.Contains ':' then $"[{settings.Host}]" else settings.Host
    let token = settings.Token |> Option.map (fun t -> $"?token={t}") |> Option.defaultValue ""
    $"http://{host}:{port}/{token}"

/// Serves until `stopping` is cancelled; `started` is given the URL once it listens. Raises Refused(0, line) when it
/// cannot listen.
let run (settings: Settings) (verbs: Verbs) (started: string -> unit) (stopping: CancellationToken) : unit =
    let builder = WebApplication.CreateSlimBuilder()
    builder.Logging.ClearProviders() |> ignore
    builder.Services.AddSingleton<IHostLifetime>(ProgramLifetime()) |> ignore
    let address =
        if settings.Host = "localhost" then IPAddress.Loopback
        else
            match IPAddress.TryParse settings.Host with
            | true, a -> a
            | _ -> raise (Refused(0, $"--host must be an IP address or localhost (got '{settings.Host}')"))
    builder.WebHost.ConfigureKestrel(fun o ->
        o.AddServerHeader <- false
        // Uploads are bounded by the handler itself, which answers 413 with its one line.
        o.Limits.MaxRequestBodySize <- Nullable()
        o.Listen(address, settings.Port))
    |> ignore
    use app = builder.Build()
    let service = Service(settings, verbs, stopping)
    app.Run(RequestDelegate(handle settings service))
    try
        app.StartAsync(stopping).GetAwaiter().GetResult()
    with
    | :? IOException
    | :? Sockets.SocketException
    | :? InvalidOperationException as ex ->
        raise (Refused(0, $"could not listen on {settings.Host}:{settings.Port}: {ex.Message}"))
    let port =
        let server = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
        match server.Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>() with
        | null -> settings.Port
        | f -> f.Addresses |> Seq.tryHead |> Option.map (fun u -> Uri(u.Replace("[::]", "localhost")).Port) |> Option.defaultValue settings.Port
    started (urlOf settings port)
    try
        Task.Delay(Timeout.Infinite, stopping).Wait()
    with :? AggregateException -> ()
    use grace = new CancellationTokenSource(TimeSpan.FromSeconds 5.0)
    app.StopAsync(grace.Token).GetAwaiter().GetResult()
