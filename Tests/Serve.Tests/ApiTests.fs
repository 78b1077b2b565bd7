/// GET /api/train answers what `descent train --json` prints for the same flags (byte for byte but the timings), and
/// refuses what train refuses with train's one line; no request names a path on the server; each request's work is
/// bounded before it starts.
module Descent.Serve.Tests.ApiTests

open System
open System.IO
open System.Text.Json
open NUnit.Framework

let mutable private server: Server option = None
let private url () = server.Value.Url

[<OneTimeSetUp>]
let start () = server <- Some(new Server([]))

[<OneTimeTearDown>]
let stop () = server |> Option.iter (fun s -> (s :> IDisposable).Dispose())

/// States as the page writes them: train's flags without dashes, switches without a value.
let states =
    [ "epochs=5"
      ""
      "alpha=0.05"
      "optimizer=sgd&batch-size=16&epochs=20"
      "optimizer=sgd&batch-size=8&shuffle&epochs=10"
      "optimizer=sgd&momentum=0.9&nesterov&epochs=15"
      "optimizer=adam&alpha=0.01&batch-size=32"
      "optimizer=adam&amsgrad&beta1=0.8&beta2=0.99&epochs=30"
      "optimizer=adamw&weight-decay=0.05&loss=logloss&epochs=25"
      "optimizer=nadam&momentum-decay=0.01&epochs=20"
      "optimizer=radam&epochs=20"
      "optimizer=adamax&eps=1e-06&epochs=20"
      "optimizer=adagrad&alpha=0.5&epochs=20"
      "optimizer=rmsprop&rho=0.9&centered&momentum=0.5&epochs=20"
      "optimizer=adadelta&alpha=1&epochs=20"
      "dataset=moons&noise=0.2&samples=400&loss=logloss&epochs=40&alpha=0.1"
      "dataset=circles&noise=0.05&factor=0.5&samples=300&epochs=30"
      "dataset=xor&hidden=4&activation=tanh&loss=logloss&optimizer=adam&alpha=0.02&batch-size=32&epochs=40"
      "dataset=xor&noise=0.1&samples=400&data-seed=3&hidden=8,4&activation=relu&epochs=30"
      "dataset=xor&epochs=20"
      "dataset=blobs&centers=3&cluster-std=1.0&loss=softmax&epochs=30&alpha=0.05"
      "centers=3&loss=hinge&optimizer=sgd&epochs=20"
      "schedule=step&decay=0.5&step-every=5&epochs=30"
      "schedule=cosine&warmup=5&warmup-start=0.2&epochs=40&optimizer=adam"
      "schedule=exponential&gamma=0.9&epochs=20"
      "schedule=plateau&validation-fraction=0.2&plateau-patience=3&epochs=40"
      "validation-fraction=0.25&epochs=20&record-weights"
      "l2=0.01&l1=0.001&optimizer=sgd&epochs=20"
      "test-size=0.3&split-seed=7&init-seed=3&data-seed=5&epochs=10"
      "scale=standard&epochs=10"
      "alpha=1e5&epochs=50" ]

[<TestCaseSource(nameof states)>]
let ``GET /api/train answers train --json's text for the same flags, byte for byte but the timings`` (query: string) =
    let status, body = get $"{url ()}api/train?{query}"
    Assert.That(status, Is.EqualTo 200, body)
    let o = descent (freshFolder "cli") ([ "train" ] @ argvOf query @ [ "--json"; "--no-plots" ])
    Assert.That(o.ExitCode, Is.AnyOf(0, 3), o.Stderr)
    Assert.That(withoutTimings body, Is.EqualTo(withoutTimings o.Stdout))

/// Bad states: the server answers 400 with train's own first error line.
let refusedStates =
    [ "alpha=-1"
      "optimizer=nope"
      "optimizer=adam&momentum=0.9"
      "l1-ratio=0.5"
      "bogus=1"
      "epochs=abc"
      "schedule=step&gamma=0.9"
      "warmup-start=0.5"
      "test-size=1.5"
      "dataset=moons&centers=3"
      "dataset=xor&factor=0.5"
      "dataset=xor&noise=-0.1" ]

[<TestCaseSource(nameof refusedStates)>]
let ``a state train refuses is 400 with train's one error line as JSON`` (query: string) =
    let status, body = get $"{url ()}api/train?{query}"
    Assert.That(status, Is.EqualTo 400, body)
    Assert.That(body.TrimEnd('\n').Contains '\n', Is.False, "one line")
    let error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()
    let o = descent (freshFolder "cli") ([ "train" ] @ argvOf query @ [ "--json"; "--no-plots" ])
    Assert.That(o.ExitCode, Is.EqualTo 2)
    let first = o.Stderr.Split('\n').[0]
    Assert.That(first, Is.EqualTo("descent: " + error))

/// Flags that would name a file or folder on the server.
let pathQueries =
    [ "csv=/etc/passwd", "csv="
      "data=/etc/passwd", "not a path"
      "data=../../etc/passwd", "not a path"
      "data=iris.csv", "not a path"
      "out=/tmp/descent-serve-must-not-exist", "out="
      "save-model=/tmp/descent-serve-must-not-exist.json", "save-model="
      "plotly-js=/etc/passwd", "plotly-js="
      "model=/etc/passwd", "model="
      "threads=64", "threads=" ]
    |> List.map (fun (query, says) -> TestCaseData(query, says))

[<TestCaseSource(nameof pathQueries)>]
let ``no request names a path on the server`` (query: string, says: string) =
    for endpoint in [ "api/train"; "api/train/stream"; "api/landscape"; "api/points"; "api/model" ] do
        let status, body = get $"{url ()}{endpoint}?{query}&epochs=2"
        let expected = if endpoint = "api/train/stream" then 200 else 400
        Assert.That(status, Is.EqualTo expected, $"{endpoint}: {body}")
        Assert.That(body, Does.Contain says, endpoint)
        if endpoint = "api/train/stream" then Assert.That(body, Does.Contain("event: error").And.Contain("\"status\":400"))
    Assert.That(File.Exists "/tmp/descent-serve-must-not-exist.json" || Directory.Exists "/tmp/descent-serve-must-not-exist", Is.False)

[<Test>]
let ``each request's work is bounded before it starts`` () =
    for query, says in
        [ "epochs=1000000", "epochs=1000000 is more than this server runs"
          "samples=100000000", "is more than this server generates"
          "samples=200000&features=50&epochs=10000", "more work than this server does" ] do
        let status, body = get $"{url ()}api/train?{query}"
        Assert.That(status, Is.EqualTo 400, query)
        Assert.That(body, Does.Contain says, query)
    // And the server keeps serving.
    Assert.That(fst (get $"{url ()}api/train?epochs=2"), Is.EqualTo 200)

[<Test>]
let ``the stream sends each epoch's frame, then train's JSON as its result`` () =
    let query = "optimizer=sgd&epochs=12&validation-fraction=0.2"
    let _, json = get $"{url ()}api/train?{query}"
    let status, stream = get $"{url ()}api/train/stream?{query}"
    Assert.That(status, Is.EqualTo 200)
    let events =
        stream.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
        |> Array.map (fun block ->
            let lines = block.Split('\n')
            let name = lines.[0].Substring("event: ".Length)
            name, (lines.[1..] |> Array.map (fun l -> l.Substring("data: ".Length)) |> String.concat "\n"))
    let frames = events |> Array.filter (fst >> (=) "epoch") |> Array.map (snd >> JsonDocument.Parse)
    Assert.That(frames.Length, Is.GreaterThanOrEqualTo 1)
    let run = JsonDocument.Parse(json).RootElement
    let first = frames.[0].RootElement
    Assert.That(first.GetProperty("epoch").GetInt32(), Is.EqualTo 1)
    Assert.That(first.GetProperty("loss").GetDouble(), Is.EqualTo(run.GetProperty("losses").[0].GetDouble()))
    Assert.That(first.GetProperty("validationLoss").GetDouble(), Is.EqualTo(run.GetProperty("history").[0].GetProperty("validationLoss").GetDouble()))
    let name, result = Array.last events
    Assert.That(name, Is.EqualTo "result")
    Assert.That(withoutTimings (result + "\n"), Is.EqualTo(withoutTimings json))

[<Test>]
let ``GET /api/landscape answers landscape --json's text`` () =
    let query = "optimizer=gd&alpha=0.05&epochs=15&resolution=9&compare=adam,rmsprop"
    let status, body = get $"{url ()}api/landscape?{query}"
    Assert.That(status, Is.EqualTo 200, body)
    let o = descent (freshFolder "cli") ([ "landscape" ] @ argvOf query @ [ "--json"; "--no-plots" ])
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(body, Is.EqualTo o.Stdout)

[<Test>]
let ``GET /api/landscape gives each path the parts of its next step from every point (the page's arrows)`` () =
    let status, body = get $"{url ()}api/landscape?optimizer=adam&alpha=0.05&batch-size=1000&epochs=9&resolution=5&hidden=3&compare=sgd"
    Assert.That(status, Is.EqualTo 200, body)
    let paths = [ for p in JsonDocument.Parse(body).RootElement.GetProperty("paths").EnumerateArray() -> p ]
    Assert.That(paths.Length, Is.EqualTo 2)
    for path in paths do
        let steps = [ for s in path.GetProperty("steps").EnumerateArray() -> s ]
        Assert.That(steps.Length, Is.EqualTo 9)
        Assert.That(steps |> List.map (fun s -> s.GetProperty("epoch").GetInt32()), Is.EqualTo(box [ 0 .. 8 ]))
        let part (s: JsonElement) (name: string) = [| for v in s.GetProperty(name).EnumerateArray() -> v.GetDouble() |]
        for s in steps do
            let parts = [ for name in [ "gradient"; "momentum"; "scaling" ] -> part s name ]
            let step = part s "step"
            for k in 0 .. 1 do
                Assert.That(parts |> List.sumBy (fun p -> p.[k]), Is.EqualTo(step.[k]).Within(1e-12))
    // Adam in one batch per epoch: its step reaches the next point, and it rescales the gradient.
    let adam = paths.Head
    let points = [| for q in adam.GetProperty("points").EnumerateArray() -> [| for v in q.EnumerateArray() -> v.GetDouble() |] |]
    for t, s in List.indexed [ for s in adam.GetProperty("steps").EnumerateArray() -> s ] do
        let step = [| for v in s.GetProperty("step").EnumerateArray() -> v.GetDouble() |]
        let scaling = [| for v in s.GetProperty("scaling").EnumerateArray() -> v.GetDouble() |]
        for k in 0 .. 1 do
            Assert.That(step.[k], Is.EqualTo(points.[t + 1].[k] - points.[t].[k]).Within(1e-9 * (abs step.[0] + abs step.[1])))
        Assert.That(abs scaling.[0] + abs scaling.[1], Is.GreaterThan 0.0)

[<Test>]
let ``GET /api/model answers the model.json train writes, which predict reads`` () =
    let query = "optimizer=adam&epochs=10&loss=logloss"
    let status, body = get $"{url ()}api/model?{query}"
    Assert.That(status, Is.EqualTo 200, body)
    let dir = freshFolder "model"
    let o = descent dir ([ "train" ] @ argvOf query @ [ "--no-plots"; "--out"; "out" ])
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(body, Is.EqualTo(File.ReadAllText(Path.Combine(dir, "out", "model.json")) + "\n"))

[<Test>]
let ``the page's table of parameters says which optimizer reads which setting, as train does`` () =
    let status, body = get $"{url ()}params.json"
    Assert.That(status, Is.EqualTo 200)
    let table = JsonDocument.Parse(body).RootElement
    let optimizers = [ for o in table.GetProperty("optimizers").EnumerateArray() -> o.GetString() |> nonNull ]
    let mutable checkedPairs = 0
    for p in table.GetProperty("params").EnumerateArray() do
        match p.TryGetProperty "applies" with
        | true, a when (match a.TryGetProperty "optimizer" with | true, _ -> true | _ -> false) ->
            let readers = set [ for o in a.GetProperty("optimizer").EnumerateArray() -> o.GetString() |> nonNull ]
            let name = p.GetProperty("name").GetString() |> nonNull
            // A value other than the default, from the control's range.
            let flag =
                match p.GetProperty("type").GetString() with
                | "switch" when name = "nesterov" -> "nesterov&momentum=0.5" // Nesterov needs a momentum
                | "switch" -> name
                | _ -> $"""{name}={p.GetProperty("max").GetRawText()}"""
            for o in optimizers do
                let status, body = get $"{url ()}api/train?optimizer={o}&{flag}&epochs=1"
                // gd takes one step over all the rows: train accepts the mini-batch flags with it and ignores them
                // (the page hides them); every other setting a rule does not read, train refuses.
                let ignored = o = "gd" && (name = "batch-size" || name = "shuffle")
                let expected = if readers.Contains o || ignored then 200 else 400
                Assert.That(status, Is.EqualTo expected, $"optimizer={o}&{flag}: {body}")
                checkedPairs <- checkedPairs + 1
        | _ -> ()
    Assert.That(checkedPairs, Is.GreaterThanOrEqualTo 100)

[<Test>]
let ``the page's table of parameters says which dataset reads which setting, as train does`` () =
    let _, body = get $"{url ()}params.json"
    let rows = [ for p in JsonDocument.Parse(body).RootElement.GetProperty("params").EnumerateArray() -> p ]
    let name (p: JsonElement) = p.GetProperty("name").GetString() |> nonNull
    let datasets = [ for d in (rows |> List.find (fun p -> name p = "dataset")).GetProperty("choices").EnumerateArray() -> d.GetString() |> nonNull ]
    Assert.That(datasets, Is.EqualTo(box [ "blobs"; "moons"; "circles"; "xor" ]))
    let mutable checkedPairs = 0
    for p in rows do
        match p.TryGetProperty "applies" with
        | true, a when (match a.TryGetProperty "dataset" with | true, _ -> true | _ -> false) && p.GetProperty("type").GetString() <> "column" ->
            let readers = set [ for d in a.GetProperty("dataset").EnumerateArray() -> d.GetString() |> nonNull ]
            // A value other than the default, from the control's range.
            let flag = $"""{name p}={p.GetProperty("max").GetRawText()}"""
            for d in datasets do
                let status, body = get $"{url ()}api/train?dataset={d}&{flag}&epochs=1"
                Assert.That(status, Is.EqualTo(if readers.Contains d then 200 else 400), $"dataset={d}&{flag}: {body}")
                checkedPairs <- checkedPairs + 1
        | _ -> ()
    Assert.That(checkedPairs, Is.EqualTo(6 * datasets.Length), "samples, centers, cluster-std, noise, factor, data-seed")

[<Test>]
let ``unknown paths and methods are one-line JSON errors`` () =
    let status, body = get $"{url ()}nope"
    Assert.That(status, Is.EqualTo 404)
    Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Does.Contain "/nope")
    let status, body = post $"{url ()}api/train" [||]
    Assert.That(status, Is.EqualTo 405, body)

[<Test>]
let ``the page and everything it needs are served by the tool itself`` () =
    let _, page = get (url ())
    for asset in [ "playground.js"; "playground.css"; "plotly.min.js" ] do
        Assert.That(page, Does.Contain asset)
        let status, body = get $"{url ()}{asset}"
        Assert.That(status, Is.EqualTo 200, asset)
        Assert.That(body.Length, Is.GreaterThan 100, asset)
    Assert.That(page, Does.Not.Contain("http://").And.Not.Contain("https://"))
    let _, plotly = get $"{url ()}plotly.min.js"
    Assert.That(plotly, Does.Contain "2.35.3")

[<Test>]
let ``the points carry every feature's mean over the test rows, where the page holds the features it does not draw`` () =
    let status, body = get $"{url ()}api/points?features=3&samples=400"
    Assert.That(status, Is.EqualTo 200, body)
    let root = JsonDocument.Parse(body).RootElement
    let means = [| for v in root.GetProperty("means").EnumerateArray() -> v.GetDouble() |]
    Assert.That(means.Length, Is.EqualTo 3)
    // 200 test rows: all sent, so the drawn features' means are their averages.
    let rows = [| for r in root.GetProperty("test").GetProperty("x").EnumerateArray() -> [| for v in r.EnumerateArray() -> v.GetDouble() |] |]
    Assert.That(rows.Length, Is.EqualTo 200)
    for j in 0..1 do
        Assert.That(means.[j], Is.EqualTo(rows |> Array.averageBy (fun r -> r.[j])).Within(1e-12), $"feature {j}")
    Assert.That(means.[2], Is.Not.EqualTo 0.0)
