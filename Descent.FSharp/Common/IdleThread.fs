/// Work that should take only the cycles the rest of the process leaves idle: on a thread of its own at the lowest
/// scheduling priority. Run.prepare compiles the training code this way while a table is read: at normal priority the
/// warm-up took a third of the two cores the Parquet reader's workers run on, and the table's load waited for it.
module Descent.IdleThread

open System
open System.Runtime.InteropServices
open System.Threading

module private Libc =
    [<DllImport("libc", SetLastError = true)>]
    extern int setpriority(int which, int who, int prio)

    [<DllImport("libc")>]
    extern int gettid()

/// Gives the calling thread nice 19. On Linux, setpriority(PRIO_PROCESS, thread id) sets that thread's niceness alone
/// (any user may lower its own threads' priority); .NET's Thread.Priority leaves the niceness as it is there.
/// Elsewhere, or if libc refuses, the thread keeps its priority.
let private lowerCallingThread () =
    if OperatingSystem.IsLinux() then
        try
            Libc.setpriority(0, Libc.gettid(), 19) |> ignore
        with _ -> ()

/// Starts `work` on a background thread of its own at the lowest priority; Join waits for it. The thread ends with
/// the work, so no pooled thread keeps the low priority; a thread the work starts inherits it (the runtime's
/// background GC thread would, which is why descent runs without background GC: Cli.FSharp.fsproj).
let start (work: unit -> unit) : Thread =
    let thread = Thread((fun () -> lowerCallingThread (); work ()), IsBackground = true, Name = "descent idle work")
    thread.Start()
    thread
