/// The sweep journal and --resume, run as a user runs them: a sweep killed (SIGKILL) at random points and resumed
/// writes the files an uninterrupted sweep writes, byte for byte but for the timings; a shard likewise; SIGTERM keeps
/// the journal and exits 143; a journal is refused without --resume, a journal of another grid is refused with what
/// differs, and a second process on the same shard and folder is refused by the lock.
module Descent.Tests.JournalTests

open System
open System.IO
open System.Text
open System.Text.Json
open NUnit.Framework
open Descent
open Descent.Tests.Constraints

/// Twelve configurations run one at a time: four batch GD runs of about 0.1 s, then eight SGD runs of 0.5-1 s on an
/// idle machine, slow enough to be killed between and inside them, fast enough for a test.
let private grid =
    [ "sweep"; "--optimizers"; "gd,sgd"; "--batch-sizes"; "4,8"; "--alphas"; "0.1,0.05,0.02,0.01"; "--epochs"; "20000" ]

let private configurations = 12

let private ok (o: Outcome) =
    Assert.That(o.ExitCode, Is.EqualTo 0, $"stdout: {o.Stdout}\nstderr: {o.Stderr}")
    o

/// Every file of a folder: name and contents (JSON files without their "timings" objects, RunJson.withoutTimings;
/// every other file byte for byte).
let private contents (dir: string) =
    Directory.GetFiles dir
    |> Array.sort
    |> Array.map (fun f ->
        let name = Path.GetFileName f
        name, (if name.EndsWith ".json" then withoutTimings (File.ReadAllText f) else Convert.ToBase64String(File.ReadAllBytes f)))

let private assertSameFolders (expected: string) (actual: string) =
    let e, a = contents expected, contents actual
    Assert.That(Array.map fst a, Is.EqualTo(Array.map fst e), $"files of {actual}")
    for (name, x), (_, y) in Array.zip e a do
        Assert.That((y = x), Is.True, $"{name} differs from the uninterrupted run")

[<System.Runtime.InteropServices.DllImport("libc", EntryPoint = "open")>]
extern int private openPath(string path, int flags)

/// The journal's bytes while a sweep holds it. The sweep locks it (flock, as .NET does for FileShare.None), and .NET
/// takes a shared flock on every file it opens, which the lock refuses; a file descriptor opened by libc and wrapped
/// in a FileStream reads it the way cat would.
let private readLocked (path: string) : byte[] =
    let fd = openPath (path, 0)
    if fd < 0 then
        [||]
    else
        use s = new FileStream(new Microsoft.Win32.SafeHandles.SafeFileHandle(nativeint fd, true), FileAccess.Read)
        use copy = new MemoryStream()
        s.CopyTo copy
        copy.ToArray()

/// Whole records in the journal (lines after the header that end with a line end).
let private records (journal: string) =
    max 0 ((readLocked journal |> Array.filter ((=) (byte '\n')) |> Array.length) - 1)

/// Waits until the journal holds `atLeast` records or the process `p` writing it has ended (a minute at most).
let private waitForRecords (journal: string) (atLeast: int) (p: Diagnostics.Process) =
    let clock = Diagnostics.Stopwatch.StartNew()
    while records journal < atLeast && not p.HasExited && clock.Elapsed < TimeSpan.FromMinutes 1.0 do
        Threading.Thread.Sleep 5

/// Starts the grid in `dir` (one job, no plots) and waits until its journal holds `atLeast` records; the sweep must
/// still be running, to be signalled. Returns the journal's path, the process and its stderr lines.
let private runningSweep (dir: string) (atLeast: int) =
    let journal = Path.Combine(dir, "out", "sweep-journal.jsonl")
    let p, _, err = start dir (grid @ [ "--jobs"; "1"; "--no-plots" ])
    waitForRecords journal atLeast p
    Assert.That(p.HasExited, Is.False, "the sweep ended before it could be signalled")
    journal, p, err

/// Starts `args` in `dir`, waits until the journal holds `atLeast` records, waits `delayMs` more and sends SIGKILL.
/// Returns whether the process was still running when killed (false: it had finished first).
let private killAfter (dir: string) (journal: string) (atLeast: int) (delayMs: int) (args: string list) =
    let p, _, err = start dir args
    use _ = p
    waitForRecords journal atLeast p
    Threading.Thread.Sleep delayMs
    let running = not p.HasExited
    if running then signal "KILL" p
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 1.0), Is.True, "descent did not end after SIGKILL")
    running, String.Join("\n", err)

/// Kills the sweep `args` three times at random points (after a random number of finished configurations and a
/// random delay, landing between configurations, inside one, or inside a journal append), resumes it each time and
/// finally lets it finish; every file and the --json document must equal an uninterrupted run's.
let private killAndResume (name: string) (args: string list) (output: string) =
    let reference = freshFolder (name + "-whole")
    let whole = runIn reference (args @ [ "--jobs"; "1"; "--json"; "--out"; "out" ]) |> ok
    let dir = freshFolder (name + "-killed")
    let journal = Path.Combine(dir, "out", Journal.fileName (if output = "sweep.csv" then None else Some(2, 3)))
    let random = Random 16
    let mutable finished = 0
    let mutable kills = 0
    let mutable running = true
    for round in 1 .. 3 do
        if running then
            let atLeast = finished + 1 + random.Next 2
            let delay = random.Next 250
            let resume = if round = 1 then [] else [ "--resume" ]
            let killed, err = killAfter dir journal atLeast delay (args @ [ "--jobs"; "1"; "--json"; "--out"; "out" ] @ resume)
            // Not killed: the sweep finished (and removed its journal) before the signal; the final run resumes nothing.
            running <- killed
            if killed && not (File.Exists journal) && File.Exists(Path.Combine(dir, "out", output)) then
                // The signal came after the sweep had finished its files and removed its journal (while it printed):
                // nothing was lost, and nothing is left to resume.
                running <- false
            elif killed then
                kills <- kills + 1
                let now = records journal
                Assert.That(now, Is.GreaterThanOrEqualTo finished, $"round {round}: the journal lost records\n{err}")
                finished <- now
    Assert.That(kills, Is.GreaterThanOrEqualTo 2, "the sweep finished before it could be killed twice: the grid is too fast here")
    let resumed = runIn dir (args @ [ "--jobs"; "2"; "--json"; "--out"; "out"; "--resume" ]) |> ok
    Assert.That(resumed.Stderr, Does.Contain "[INFO] resuming from")
    Assert.That(withoutTimings resumed.Stdout, Is.EqualTo(withoutTimings whole.Stdout), "the --json document")
    Assert.That(File.Exists(Path.Combine(dir, "out", output)), Is.True)
    Assert.That(File.Exists journal, Is.False, "a finished sweep left its journal")
    assertSameFolders (Path.Combine(reference, "out")) (Path.Combine(dir, "out"))

[<Test>]
let ``a sweep killed at random points and resumed writes exactly the files of an uninterrupted run`` () =
    killAndResume "kill-sweep" grid "sweep.csv"

[<Test>]
let ``a shard killed at random points and resumed writes exactly the part of an uninterrupted shard`` () =
    // 18 configurations: shard 2/3 runs 6 of them.
    let wider = grid |> List.map (fun a -> if a = "0.1,0.05,0.02,0.01" then "0.1,0.05,0.02,0.01,0.005,0.002" else a)
    killAndResume "kill-shard" (wider @ [ "--shard"; "2/3" ]) (SweepParts.partFileName 2 3)

[<Test>]
let ``SIGTERM stops a sweep at an epoch boundary, keeps the journal, exits 143, and --resume finishes it`` () =
    let dir = freshFolder "sigterm-sweep"
    let journal, p, err = runningSweep dir 2
    use _ = p
    signal "TERM" p
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 1.0), Is.True, "descent did not stop after SIGTERM")
    p.WaitForExit()
    let stderr = String.Join("\n", err)
    Assert.That(p.ExitCode, Is.EqualTo 143, stderr)
    Assert.That(stderr, Does.Contain "terminated (SIGTERM)")
    Assert.That(stderr, Does.Contain "run the same command with --resume")
    let kept = records journal
    Assert.That(kept, Is.InRange(2, configurations - 1), "records kept after SIGTERM")
    let csv = File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv"))
    Assert.That(csv.Length, Is.EqualTo(kept + 1), "sweep.csv holds the finished configurations")
    let resumed = runIn dir (grid @ [ "--jobs"; "1"; "--no-plots"; "--resume" ]) |> ok
    Assert.That(resumed.Stdout, Does.Contain $"[INFO] resuming from out/sweep-journal.jsonl: {kept} of {configurations} configurations finished, {configurations - kept} to run")
    let whole = freshFolder "sigterm-whole"
    runIn whole (grid @ [ "--jobs"; "1"; "--no-plots" ]) |> ok |> ignore
    Assert.That(File.ReadAllBytes(Path.Combine(dir, "out", "sweep.csv")), Is.EqualTo(File.ReadAllBytes(Path.Combine(whole, "out", "sweep.csv"))))

[<Test>]
let ``a second SIGTERM ends the sweep at once and the journal stays valid for --resume`` () =
    let dir = freshFolder "sigterm-twice"
    let journal, p, err = runningSweep dir 5
    use _ = p
    signal "TERM" p
    Threading.Thread.Sleep 20
    signal "TERM" p
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 1.0), Is.True, "descent did not end after two SIGTERMs")
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.EqualTo 143, String.Join("\n", err))
    let parsed = Journal.parse journal (File.ReadAllBytes journal)
    Assert.That(parsed.Header.IsSome, Is.True)
    Assert.That(parsed.Entries.Length, Is.GreaterThanOrEqualTo 5)
    let resumed = runIn dir (grid @ [ "--jobs"; "1"; "--no-plots"; "--resume" ]) |> ok
    Assert.That(resumed.Stdout, Does.Contain $"[INFO] resuming from out/sweep-journal.jsonl: {parsed.Entries.Length} of {configurations}")
    Assert.That(File.ReadAllLines(Path.Combine(dir, "out", "sweep.csv")).Length, Is.EqualTo(configurations + 1))

/// A journal of this grid with `records` whole records and a torn one after them, as a kill mid-append leaves it.
let private tornJournal (dir: string) =
    let journal = Path.Combine(dir, "out", "sweep-journal.jsonl")
    let killed, _ = killAfter dir journal 2 0 (grid @ [ "--jobs"; "1"; "--no-plots" ])
    Assert.That(killed, Is.True, "the sweep finished before it was killed")
    let whole = records journal
    let bytes = File.ReadAllBytes journal
    // Half of the last whole record again, without its line end: a record torn by a crash.
    let lastStart = Array.LastIndexOf(bytes, byte '\n', bytes.Length - 2) + 1
    File.WriteAllBytes(journal, Array.append bytes bytes.[lastStart .. lastStart + (bytes.Length - lastStart) / 2])
    journal, whole

[<Test>]
let ``a torn last record is ignored and cut off, and the resumed sweep equals an uninterrupted one`` () =
    let dir = freshFolder "torn"
    let journal, whole = tornJournal dir
    let parsed = Journal.parse journal (File.ReadAllBytes journal)
    Assert.That(parsed.Entries.Length, Is.EqualTo whole)
    Assert.That(parsed.TornBytes, Is.GreaterThan 0L)
    let resumed = runIn dir (grid @ [ "--jobs"; "1"; "--no-plots"; "--resume" ]) |> ok
    Assert.That(resumed.Stdout, Does.Contain $": {whole} of {configurations} configurations finished")
    let reference = freshFolder "torn-whole"
    runIn reference (grid @ [ "--jobs"; "1"; "--no-plots" ]) |> ok |> ignore
    assertSameFolders (Path.Combine(reference, "out")) (Path.Combine(dir, "out"))

[<Test>]
let ``a journal line other than the last that is not a record is refused`` () =
    let dir = freshFolder "corrupt"
    let journal, _ = tornJournal dir
    let lines = File.ReadAllText(journal).Split('\n')
    lines.[1] <- "{\"index\": 1, \"not a run\": true}"
    File.WriteAllText(journal, String.Join("\n", lines))
    runIn dir (grid @ [ "--jobs"; "1"; "--no-plots"; "--resume" ])
    |> assertRefused [ "out/sweep-journal.jsonl, line 2: not a record written by descent sweep" ]

[<Test>]
let ``without --resume a journal of the same sweep is refused with a hint and left as it was`` () =
    let dir = freshFolder "no-resume"
    let journal, whole = tornJournal dir
    let before = File.ReadAllBytes journal
    runIn dir (grid @ [ "--jobs"; "1"; "--no-plots" ])
    |> assertRefused [ $"out/sweep-journal.jsonl holds {whole} of {configurations} configurations of this sweep"; "add --resume to continue it" ]
    Assert.That(File.ReadAllBytes journal, Is.EqualTo before)

[<Test>]
let ``--resume with a journal of another grid names the first setting that differs`` () =
    let dir = freshFolder "other-grid"
    let _, whole = tornJournal dir
    let other = grid |> List.map (fun a -> if a = "20000" then "20001" else a)
    runIn dir (other @ [ "--jobs"; "1"; "--no-plots"; "--resume" ])
    |> assertRefused [ "belongs to another sweep: configuration 1 has epochs 20000 there and 20001 here" ]
    runIn dir (other @ [ "--jobs"; "1"; "--no-plots" ])
    |> assertRefused [ $"holds {whole} finished configurations of another sweep" ]

[<Test>]
let ``a second process on the same shard and folder is refused while the first runs; another shard is not`` () =
    let dir = freshFolder "lock"
    let journal = Path.Combine(dir, "out", Journal.fileName (Some(1, 2)))
    // Six configurations of a few seconds in all: the first process is still running when the second starts.
    let slow = grid |> List.map (fun a -> if a = "20000" then "30000" else a)
    let p, _, _ = start dir (slow @ [ "--jobs"; "1"; "--shard"; "1/2" ])
    use _ = p
    let clock = Diagnostics.Stopwatch.StartNew()
    while not (File.Exists journal) && clock.Elapsed < TimeSpan.FromMinutes 1.0 do
        Threading.Thread.Sleep 5
    runIn dir (slow @ [ "--jobs"; "1"; "--shard"; "1/2"; "--resume" ])
    |> assertRefused [ "is locked by another descent sweep writing the same shard into the same folder" ]
    Assert.That(p.HasExited, Is.False, "the first shard ended before the second was refused: the lock was not tested")
    let other = runIn dir (slow @ [ "--jobs"; "1"; "--shard"; "2/2" ]) |> ok
    Assert.That(other.Stdout, Does.Contain "sweep-part-2-of-2.json")
    Assert.That(p.WaitForExit(TimeSpan.FromMinutes 2.0), Is.True)
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.EqualTo 0)
    let merged = runIn dir [ "merge"; "out"; "--out"; "merged"; "--no-plots" ] |> ok
    Assert.That(merged.Stdout, Does.Contain $"merged 2 parts: {configurations} configurations")
