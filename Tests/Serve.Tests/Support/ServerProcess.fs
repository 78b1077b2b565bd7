/// The real `descent serve` (the build output this project references) on a free loopback port, and `descent` run
/// in this process for the answers the API must equal.
[<AutoOpen>]
module Descent.Serve.Tests.ServerProcess

open System
open System.Diagnostics
open System.IO
open System.Net.Http
open System.Text
open System.Text.RegularExpressions
open System.Threading
open NUnit.Framework

let testDir () = TestContext.CurrentContext.TestDirectory

/// A fresh, empty folder under the test output folder.
let freshFolder (name: string) =
    let dir = Path.Combine(testDir (), "runs", name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8))
    Directory.CreateDirectory dir |> ignore
    dir

/// A running `descent serve --port 0 …`: its URL (as it printed it) and what it wrote to stderr.
type Server(args: string list) =
    let psi = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true)
    do
        psi.ArgumentList.Add "exec"
        psi.ArgumentList.Add(Path.Combine(testDir (), "descent.dll"))
        for a in [ "serve"; "--port"; "0" ] @ args do
            psi.ArgumentList.Add a
        psi.Environment.["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
    let p = Process.Start psi |> nonNull
    let out = StringBuilder()
    let err = StringBuilder()
    let url = System.Threading.Tasks.TaskCompletionSource<string>()
    do
        p.OutputDataReceived.Add(fun e ->
            match e.Data with
            | null -> ()
            | line ->
                lock out (fun () -> out.AppendLine line |> ignore)
                let m = Regex.Match(line, @"http://\S+")
                if m.Success then url.TrySetResult m.Value |> ignore)
        p.ErrorDataReceived.Add(fun e -> match e.Data with null -> () | line -> lock err (fun () -> err.AppendLine line |> ignore))
        p.BeginOutputReadLine()
        p.BeginErrorReadLine()
    let started =
        let task = url.Task
        if not (task.Wait(TimeSpan.FromMinutes 1.0)) then
            (try p.Kill true with _ -> ())
            Assert.Fail $"descent serve printed no URL in a minute; stderr: {err}"
        task.Result

    /// The URL it printed ("http://127.0.0.1:PORT/").
    member _.Url = started
    member _.Process = p
    member _.Stdout = lock out (fun () -> out.ToString())
    member _.Stderr = lock err (fun () -> err.ToString())

    /// Sends `signal` (TERM, INT) and returns the exit code (at most 30 s).
    member _.Stop(signal: string) : int =
        use kill = Process.Start("kill", [ $"-{signal}"; string p.Id ]) |> nonNull
        kill.WaitForExit()
        if not (p.WaitForExit(TimeSpan.FromSeconds 30.0)) then
            p.Kill true
            Assert.Fail "descent serve did not stop within 30 s of the signal"
        p.WaitForExit()
        p.ExitCode

    interface IDisposable with
        member s.Dispose() =
            if not p.HasExited then
                (try s.Stop "TERM" |> ignore with _ -> (try p.Kill true with _ -> ()))
            p.Dispose()

let http = new HttpClient(Timeout = TimeSpan.FromMinutes 2.0)

/// GET `url`: (status, body).
let get (url: string) =
    use r = http.GetAsync(url).Result
    int r.StatusCode, r.Content.ReadAsStringAsync().Result

/// POST `body` to `url`: (status, body).
let post (url: string) (body: byte[]) =
    use content = new ByteArrayContent(body)
    use r = http.PostAsync(url, content).Result
    int r.StatusCode, r.Content.ReadAsStringAsync().Result

type Outcome = { ExitCode: int; Stdout: string; Stderr: string }

let private inProcess = obj ()

/// `descent args` run inside this process through the program's entry function, in `workDir`, its output captured:
/// the command line's answer the server's must equal. One at a time: the console and working folder are shared.
let descent (workDir: string) (args: string list) : Outcome =
    lock inProcess (fun () ->
        let stdout, stderr, cwd = Console.Out, Console.Error, Environment.CurrentDirectory
        use out = new StringWriter()
        use err = new StringWriter()
        Console.SetOut out
        Console.SetError err
        Environment.CurrentDirectory <- workDir
        try
            let code = Descent.Program.run CancellationToken.None (Array.ofList args)
            Console.Out.Flush()
            { ExitCode = code; Stdout = out.ToString(); Stderr = err.ToString() }
        finally
            Console.SetOut stdout
            Console.SetError stderr
            Environment.CurrentDirectory <- cwd)

/// A run's JSON without its "timings" object, the one part that is not reproducible.
let withoutTimings (json: string) =
    let m = Regex.Match(json, ",\s*\"timings\": \{[^}]*\}")
    Assert.That(m.Success, Is.True, $"no timings object in:\n{json.Substring(0, min 400 json.Length)}")
    json.Remove(m.Index, m.Length)

/// A query's flags as train's command line: `a=1&shuffle` → ["--a"; "1"; "--shuffle"].
let argvOf (query: string) =
    [ for pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries) do
          match pair.Split('=', 2) with
          | [| k; v |] ->
              yield "--" + k
              yield Uri.UnescapeDataString v
          | _ -> yield "--" + pair ]

/// The repository's examples/iris.csv, as the tests' copy.
let irisPath () = Path.Combine(testDir (), "Fixtures", "iris.csv")
