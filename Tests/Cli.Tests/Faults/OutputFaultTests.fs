/// A full disk while writing any output: one line naming the file and the cause, exit code 4, the temporary file
/// removed and every file written before it whole. The disk is a 64 KiB tmpfs, which only root can mount (CI runs as
/// root); elsewhere the tests are ignored with that reason.
module Descent.Tests.OutputFaultTests

open System
open System.Diagnostics
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

let private command (name: string) (args: string list) =
    use p = Process.Start(ProcessStartInfo(name, args, RedirectStandardOutput = true, RedirectStandardError = true)) |> nonNull
    let err = p.StandardError.ReadToEnd()
    p.WaitForExit()
    p.ExitCode, err

/// Runs `test` with a fresh 64 KiB tmpfs mounted at `dir`/full, unmounted afterwards whatever happens.
let private withFullDisk (name: string) (test: string -> string -> unit) =
    if not (OperatingSystem.IsLinux()) || Environment.UserName <> "root" then
        Assert.Ignore "mounting a small tmpfs needs root on Linux (CI runs as root)"
    let dir = freshFolder name
    let full = Path.Combine(dir, "full")
    Directory.CreateDirectory full |> ignore
    let code, err = command "mount" [ "-t"; "tmpfs"; "-o"; "size=64k"; "tmpfs"; full ]
    if code <> 0 then Assert.Ignore $"mount -t tmpfs failed: {err}"
    try
        test dir full
    finally
        command "umount" [ full ] |> ignore

/// Exit code 4 and the one line "descent: could not write PATH: no space left on device", nothing else on stderr but
/// lines the verb prints about its work, no temporary file left.
let private assertWriteFailed (file: string) (o: Outcome) =
    Assert.That(o.ExitCode, Is.EqualTo 4, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    let errors = o.Stderr.Replace("\r", "").Split('\n') |> Array.filter (fun l -> l.StartsWith "descent: ")
    Assert.That(errors, Is.EqualTo [| $"descent: could not write {file}: no space left on device" |], o.Stderr)
    assertNoStackTrace o

let private temporaries (dir: string) = Directory.GetFiles(dir, "*.tmp")

[<Test>]
let ``train on a full disk: exit 4 naming the file, the files before it whole, no temporary file`` () =
    withFullDisk "full-train" (fun dir full ->
        // data.html was there before (from an earlier run): it must stay as it was.
        File.WriteAllText(Path.Combine(full, "data.html"), "earlier")
        // 4000 samples: data.html (about 80 KiB) does not fit in what the three files before it leave (pages that
        // load plotly.js from the CDN: the 4.5 MB script would fill the disk first).
        let o = runIn dir [ "train"; "--samples"; "4000"; "--plotly-js"; "cdn"; "--out"; "full" ]
        assertWriteFailed "full/data.html" o
        Assert.That(temporaries full, Is.Empty)
        Assert.That(File.ReadAllText(Path.Combine(full, "data.html")), Is.EqualTo "earlier")
        let reference = runIn dir [ "train"; "--samples"; "4000"; "--plotly-js"; "cdn"; "--out"; "reference" ]
        Assert.That(reference.ExitCode, Is.EqualTo 0, reference.Stderr)
        for name in [ "losses.csv"; "model.json"; "loss.html" ] do
            Assert.That(File.ReadAllBytes(Path.Combine(full, name)), Is.EqualTo(File.ReadAllBytes(Path.Combine(dir, "reference", name))), name))

[<Test>]
let ``data, predict and merge on a full disk: exit 4 naming the file, no temporary file`` () =
    withFullDisk "full-verbs" (fun dir full ->
        assertWriteFailed "full/blobs.csv" (runIn dir [ "data"; "--samples"; "20000"; "--out"; "full/blobs.csv" ])
        Assert.That(File.Exists(Path.Combine(full, "blobs.csv")), Is.False)
        Assert.That(runIn dir [ "data"; "--samples"; "20000"; "--out"; "blobs.csv" ] |> _.ExitCode, Is.EqualTo 0)
        Assert.That(runIn dir [ "train"; "--out"; "model"; "--no-plots" ] |> _.ExitCode, Is.EqualTo 0)
        assertWriteFailed "full/predicted.csv" (runIn dir [ "predict"; "--model"; "model/model.json"; "--csv"; "blobs.csv"; "--out"; "full/predicted.csv" ])
        for shard in [ "1/2"; "2/2" ] do
            // 3000 epochs: the loss chart (about 150 KiB) does not fit; sweep.csv, written first, does.
            Assert.That(runIn dir [ "sweep"; "--alphas"; "0.1,0.01,0.001"; "--epochs"; "3000"; "--shard"; shard; "--out"; "parts" ] |> _.ExitCode, Is.EqualTo 0)
        // plotly.js, written before the pages, does not fit: no page is left without it.
        assertWriteFailed $"full/{Descent.PlotlyJs.FileName}" (runIn dir [ "merge"; "parts"; "--out"; "full" ])
        Assert.That(Directory.GetFiles(full, "*.html"), Is.Empty)
        let merged = runIn dir [ "merge"; "parts"; "--plotly-js"; "cdn"; "--out"; "full" ]
        assertWriteFailed "full/sweep-loss.html" merged
        let reference = runIn dir [ "merge"; "parts"; "--plotly-js"; "cdn"; "--out"; "reference" ]
        Assert.That(reference.ExitCode, Is.EqualTo 0, reference.Stderr)
        Assert.That(File.ReadAllBytes(Path.Combine(full, "sweep.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(dir, "reference", "sweep.csv"))))
        Assert.That(temporaries full, Is.Empty))

[<Test>]
let ``a sweep on a full disk: exit 4 naming its journal, which holds whole records only`` () =
    withFullDisk "full-sweep" (fun dir full ->
        let o = runIn dir [ "sweep"; "--alphas"; "0.1,0.05,0.02"; "--epochs"; "3000"; "--jobs"; "1"; "--out"; "full" ]
        assertWriteFailed "full/sweep-journal.jsonl" o
        Assert.That(temporaries full, Is.Empty)
        let journal = File.ReadAllBytes(Path.Combine(full, "sweep-journal.jsonl"))
        Assert.That(journal.Length, Is.GreaterThan 0)
        Assert.That(journal.[journal.Length - 1], Is.EqualTo(byte '\n'), "the journal ends inside a record")
        let parsed = Descent.Journal.parse "journal" journal
        Assert.That(parsed.TornBytes, Is.EqualTo 0L)
        Assert.That(parsed.Header.IsSome, Is.True))

[<Test>]
let ``standard output on a full device: exit 4 and one line, no stack trace`` () =
    if not (File.Exists "/dev/full") then Assert.Ignore "no /dev/full on this system"
    let dll = Path.Combine(TestContext.CurrentContext.TestDirectory, "descent.dll")
    let psi = ProcessStartInfo("sh", [ "-c"; $"dotnet exec '{dll}' data --samples 20000 > /dev/full" ], RedirectStandardError = true)
    use p = Process.Start psi |> nonNull
    let err = p.StandardError.ReadToEnd()
    p.WaitForExit()
    let o = { ExitCode = p.ExitCode; Stdout = ""; Stderr = err }
    Assert.That(o.ExitCode, Is.EqualTo 4, err)
    Assert.That(err.Trim(), Is.EqualTo "descent: could not write standard output: no space left on device")
    assertNoStackTrace o
