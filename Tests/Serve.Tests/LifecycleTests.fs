/// The server as a process: its URL, its stop on SIGINT and SIGTERM with the documented exit codes, a port it cannot
/// have, a page's newer request cancelling its older one, many clients at once.
module Descent.Serve.Tests.LifecycleTests

open System
open System.Net.Http
open System.Text.Json
open System.Threading.Tasks
open NUnit.Framework

[<TestCase("INT", 130)>]
[<TestCase("TERM", 143)>]
let ``a signal stops the server with its exit code`` (signal: string, code: int) =
    use s = new Server([])
    Assert.That(s.Url, Does.StartWith "http://127.0.0.1:")
    Assert.That(fst (get $"{s.Url}api/train?epochs=1"), Is.EqualTo 200)
    Assert.That(s.Stop signal, Is.EqualTo code)
    Assert.That(s.Stderr, Does.Not.Contain "   at ")

[<Test>]
let ``a port that is taken, or an address this machine does not have, is one line and exit code 2`` () =
    use s = new Server([])
    let port = Uri(s.Url).Port
    for args in [ [ "--port"; string port ]; [ "--host"; "192.0.2.1"; "--no-token" ]; [ "--host"; "not-an-address" ]; [ "--port"; "70000" ] ] do
        let o = descent (freshFolder "taken") ([ "serve" ] @ args)
        Assert.That(o.ExitCode, Is.EqualTo 2, $"{args}: {o.Stderr}")
        Assert.That(o.Stderr, Does.StartWith "descent: ")
        Assert.That(o.Stderr, Does.Not.Contain "   at ")

[<Test>]
let ``only loopback addresses go without a token`` () =
    Assert.That(Descent.Serve.Server.isLoopback "127.0.0.1", Is.True)
    Assert.That(Descent.Serve.Server.isLoopback "::1", Is.True)
    Assert.That(Descent.Serve.Server.isLoopback "localhost", Is.True)
    Assert.That(Descent.Serve.Server.isLoopback "0.0.0.0", Is.False)
    Assert.That(Descent.Serve.Server.isLoopback "192.168.1.5", Is.False)
    let t = Descent.Serve.Server.newToken ()
    Assert.That(t, Does.Match "^[0-9a-f]{48}$")
    Assert.That(Descent.Serve.Server.newToken (), Is.Not.EqualTo t)

[<Test>]
let ``a newer request from the same page cancels the older one`` () =
    use s = new Server([])
    // A run of many epochs (within the server's bounds) that the newer one interrupts.
    let slow = "samples=200000&epochs=2000&optimizer=sgd&batch-size=1"
    let older = Task.Run(fun () -> get $"{s.Url}api/train?{slow}&page=p1")
    Threading.Thread.Sleep 1500
    let status, _ = get $"{s.Url}api/train?epochs=3&page=p1"
    Assert.That(status, Is.EqualTo 200)
    let olderStatus, olderBody = older.Result
    Assert.That(olderStatus, Is.EqualTo 409, olderBody)
    Assert.That(JsonDocument.Parse(olderBody).RootElement.GetProperty("error").GetString(), Does.Contain "cancelled")
    // Another page's run is left alone.
    let other = Task.Run(fun () -> get $"{s.Url}api/train?epochs=40&page=p2")
    Assert.That(fst (get $"{s.Url}api/train?epochs=3&page=p3"), Is.EqualTo 200)
    Assert.That(fst other.Result, Is.EqualTo 200)

[<Test>]
let ``32 clients at once all get train's answer`` () =
    use s = new Server([])
    let _, expected = get $"{s.Url}api/train?optimizer=adam&epochs=30"
    let answers =
        [| for i in 1..32 -> Task.Run(fun () -> get $"{s.Url}api/train?optimizer=adam&epochs=30") |]
        |> Task.WhenAll
    for status, body in answers.Result do
        Assert.That(status, Is.EqualTo 200)
        Assert.That(withoutTimings body, Is.EqualTo(withoutTimings expected))

[<Test>]
let ``off loopback every request needs the printed token, then its cookie`` () =
    use s = new Server([ "--host"; "0.0.0.0" ])
    let m = Text.RegularExpressions.Regex.Match(s.Url, @"^http://0\.0\.0\.0:(\d+)/\?token=([0-9a-f]{48})$")
    Assert.That(m.Success, Is.True, s.Url)
    // Reached through loopback, the server still asks for the token: what counts is the address it listens on.
    let bare = $"http://127.0.0.1:{m.Groups.[1].Value}/"
    let token = m.Groups.[2].Value
    use client = new HttpClient(new HttpClientHandler(UseCookies = false))
    let send (url: string) (cookie: string option) =
        use request = new HttpRequestMessage(HttpMethod.Get, url)
        cookie |> Option.iter (fun c -> request.Headers.Add("Cookie", c))
        use r = client.Send request
        int r.StatusCode, r.Content.ReadAsStringAsync().Result, (match r.Headers.TryGetValues "Set-Cookie" with | true, v -> String.concat ";" v | _ -> "")
    for url in [ bare; $"{bare}api/train?epochs=1"; $"{bare}api/train?epochs=1&token={String('0', 48)}" ] do
        let status, body, _ = send url None
        Assert.That(status, Is.EqualTo 403, url)
        Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("error").GetString(), Does.Contain "token")
    let status, body, setCookie = send $"{bare}api/train?epochs=1&token={token}" None
    Assert.That(status, Is.EqualTo 200, body)
    Assert.That(JsonDocument.Parse(body).RootElement.GetProperty("losses").GetArrayLength(), Is.EqualTo 1)
    Assert.That(setCookie, Does.StartWith $"descent-token={token}")
    // The page's later requests carry the cookie, not the token.
    let status, _, _ = send $"{bare}api/train?epochs=1" (Some $"descent-token={token}")
    Assert.That(status, Is.EqualTo 200)
    let status, _, _ = send $"{bare}api/train?epochs=1" (Some "descent-token=wrong")
    Assert.That(status, Is.EqualTo 403)
