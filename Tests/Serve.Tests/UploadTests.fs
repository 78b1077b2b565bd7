/// POST /api/data: a CSV or Parquet table kept in memory and trained on as `data=<id>`, the same numbers as
/// `descent train --data FILE`; a table beyond the limit is 413, a malformed one 400, and the server keeps serving.
module Descent.Serve.Tests.UploadTests

open System
open System.IO
open System.IO.Compression
open System.Text
open System.Text.Json
open NUnit.Framework

let mutable private server: Server option = None
let private url () = server.Value.Url

[<OneTimeSetUp>]
let start () = server <- Some(new Server([ "--max-upload-mb"; "1" ]))

[<OneTimeTearDown>]
let stop () = server |> Option.iter (fun s -> (s :> IDisposable).Dispose())

let private upload (name: string) (bytes: byte[]) =
    let status, body = post $"{url ()}api/data?name={Uri.EscapeDataString name}" bytes
    status, JsonDocument.Parse(body).RootElement

let private servesStill () =
    let status, body = get $"{url ()}api/train?epochs=2"
    Assert.That(status, Is.EqualTo 200, body)

[<TestCase("optimizer=adam&epochs=20&loss=softmax&alpha=0.05")>]
[<TestCase("label=target&optimizer=sgd&epochs=10&loss=hinge&scale=minmax")>]
[<TestCase("label=sepal_length_cm&loss=softmax&epochs=5")>]
let ``an uploaded CSV table trains as descent train --data FILE does`` (query: string) =
    let status, u = upload "iris.csv" (File.ReadAllBytes(irisPath ()))
    Assert.That(status, Is.EqualTo 200, string u)
    Assert.That(u.GetProperty("name").GetString(), Is.EqualTo "iris.csv")
    Assert.That(u.GetProperty("rows").GetInt32(), Is.EqualTo 150)
    let columns = [ for c in u.GetProperty("columns").EnumerateArray() -> c.GetString() |> nonNull ]
    Assert.That(String.concat "," columns, Is.EqualTo "sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,target")
    let id = u.GetProperty("id").GetString()
    let status, body = get $"{url ()}api/train?data={id}&{query}"
    Assert.That(status, Is.EqualTo 200, body)
    let dir = freshFolder "upload"
    File.Copy(irisPath (), Path.Combine(dir, "iris.csv"))
    let o = descent dir ([ "train"; "--data"; "iris.csv" ] @ argvOf query @ [ "--json"; "--no-plots" ])
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(withoutTimings body, Is.EqualTo(withoutTimings o.Stdout))

[<Test>]
let ``an uploaded Parquet table and a gzip-compressed CSV train as the files do`` () =
    let dir = freshFolder "parquet"
    File.Copy(irisPath (), Path.Combine(dir, "iris.csv"))
    let c = descent dir [ "convert"; "iris.csv"; "iris.parquet" ]
    Assert.That(c.ExitCode, Is.EqualTo 0, c.Stderr)
    let status, u = upload "iris.parquet" (File.ReadAllBytes(Path.Combine(dir, "iris.parquet")))
    Assert.That(status, Is.EqualTo 200, string u)
    Assert.That(u.GetProperty("format").GetString(), Is.EqualTo "parquet")
    let query = "optimizer=adam&epochs=15&loss=softmax"
    let _, body = get $"""{url ()}api/train?data={u.GetProperty("id").GetString()}&{query}"""
    let o = descent dir ([ "train"; "--data"; "iris.parquet" ] @ argvOf query @ [ "--json"; "--no-plots" ])
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    Assert.That(withoutTimings body, Is.EqualTo(withoutTimings o.Stdout))
    // gzip: decompressed on upload, the same table as the plain file.
    use packed = new MemoryStream()
    do
        use z = new GZipStream(packed, CompressionLevel.Fastest, true)
        z.Write(File.ReadAllBytes(irisPath ()))
    let status, g = upload "iris.csv.gz" (packed.ToArray())
    Assert.That(status, Is.EqualTo 200, string g)
    Assert.That(g.GetProperty("name").GetString(), Is.EqualTo "iris.csv")
    let _, fromGzip = get $"""{url ()}api/train?data={g.GetProperty("id").GetString()}&{query}"""
    let csv = descent dir ([ "train"; "--data"; "iris.csv" ] @ argvOf query @ [ "--json"; "--no-plots" ])
    Assert.That(withoutTimings fromGzip, Is.EqualTo(withoutTimings csv.Stdout))

[<Test>]
let ``a table over the upload limit is 413 with one line, and the server keeps serving`` () =
    let big = Encoding.ASCII.GetBytes(String.replicate 70000 "1.0,2.0,0\n") // 700 KB... and twice that:
    let body = Array.append big big
    Assert.That(body.Length, Is.GreaterThan(1024 * 1024))
    let status, e = upload "big.csv" body
    Assert.That(status, Is.EqualTo 413)
    Assert.That(e.GetProperty("error").GetString(), Does.Contain "1 MiB")
    servesStill ()

/// Tables the readers refuse, and what the line says.
let malformed =
    [ "ragged.csv", "a,b,label\n1,2,x\n3\n", "line 3"
      "one-column.csv", "label\nx\ny\n", "single column"
      "text.csv", "a,b,label\n1,hello,x\n2,3,y\n", "hello"
      "one-class.csv", "a,b,label\n1,2,x\n3,4,x\n", "single class"
      "garbage.parquet", "PAR1 this is not a parquet file at all PAR1", "garbage.parquet"
      "empty-rows.csv", "a,b,label\n", "no data rows" ]
    |> List.map (fun (name, text, says) -> TestCaseData(name, text, says).SetName($"malformed table {name}"))

[<TestCaseSource(nameof malformed)>]
let ``a malformed table is 400 with the reader's one line, and the server keeps serving`` (name: string, text: string, says: string) =
    let status, e = upload name (Encoding.UTF8.GetBytes text)
    Assert.That(status, Is.EqualTo 400, string e)
    let line = e.GetProperty("error").GetString() |> nonNull
    Assert.That(line, Does.Contain says)
    Assert.That(line, Does.Not.Contain "/proc/", "the memory file's path is not shown")
    Assert.That(line.Contains '\n', Is.False)
    servesStill ()

[<Test>]
let ``an unknown upload id is 404 and an empty body 400`` () =
    let status, body = get $"{url ()}api/train?data=0123456789ab"
    Assert.That(status, Is.EqualTo 404, body)
    let status, body = post $"{url ()}api/data" [||]
    Assert.That(status, Is.EqualTo 400, body)

[<Test>]
let ``a bad label column of an upload is train's line, naming the table`` () =
    let _, u = upload "iris.csv" (File.ReadAllBytes(irisPath ()))
    let status, body = get $"""{url ()}api/train?data={u.GetProperty("id").GetString()}&label=nope"""
    Assert.That(status, Is.EqualTo 400, body)
    let line = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()
    Assert.That(line, Does.Contain("iris.csv").And.Contain("'nope' is not a column"))
    Assert.That(line, Does.Not.Contain "/proc/")

[<Test>]
let ``a table read through a symbolic link is read whole, as an upload's memory file is`` () =
    let dir = freshFolder "link"
    let target = Path.Combine(dir, "iris.csv")
    File.Copy(irisPath (), target)
    let link = Path.Combine(dir, "link.csv")
    File.CreateSymbolicLink(link, target) |> ignore
    let data = Descent.CsvDataset.load (Descent.DataSpec.tableFile link)
    Assert.That(data.X.Rows, Is.EqualTo 150)
    let o = descent dir [ "train"; "--data"; "link.csv"; "--epochs"; "3"; "--no-plots"; "--loss"; "softmax" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
