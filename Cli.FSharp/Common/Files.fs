/// Output files, written so that a crash or an interrupt never leaves a truncated file where a good one was:
/// each goes to a temporary file in the same folder and is renamed into place.
module Descent.Files

open System
open System.IO
open System.Text

let private utf8 = UTF8Encoding(false)

let private tempName (target: string) (pid: int) = $".{Path.GetFileName target}.{pid}.tmp"

let private isRunning (pid: int) =
    try
        use p = Diagnostics.Process.GetProcessById pid
        not p.HasExited
    with _ -> false

/// Deletes temporary files of `target` left by processes killed mid-write (".name.PID.tmp" whose PID is gone).
let private removeStaleTemps (target: string) =
    let prefix = $".{Path.GetFileName target}."
    for file in Directory.GetFiles(Path.GetDirectoryName target, prefix + "*.tmp") do
        let name = Path.GetFileName file
        match Int32.TryParse(name.Substring(prefix.Length, name.Length - prefix.Length - ".tmp".Length)) with
        | true, pid when pid <> Environment.ProcessId && not (isRunning pid) -> (try File.Delete file with _ -> ())
        | _ -> ()

/// Writes `path` through `write`, atomically (temporary file in the same folder, then rename).
let writeAtomic (path: string) (write: Stream -> unit) =
    let full = Path.GetFullPath path
    removeStaleTemps full
    let tmp = Path.Combine(Path.GetDirectoryName full, tempName full Environment.ProcessId)
    try
        do
            use stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None)
            write stream
            stream.Flush true
        File.Move(tmp, full, true)
    with _ ->
        try File.Delete tmp with _ -> ()
        reraise ()

let writeText (path: string) (text: string) =
    writeAtomic path (fun s ->
        use w = new StreamWriter(s, utf8, leaveOpen = true)
        w.Write text)

/// Makes sure `dir` is a usable output folder, or raises an InvalidFile problem (OutputFolder).
let ensureDirectory (dir: string) =
    if File.Exists dir then Fail.file OutputFolder dir " is a file, not a folder"
    try
        Directory.CreateDirectory dir |> ignore
        let probe = Path.Combine(dir, $".descent-write-test.{Environment.ProcessId}")
        File.WriteAllText(probe, "")
        File.Delete probe
    with
    | :? UnauthorizedAccessException
    | :? IOException as ex -> Fail.file OutputFolder dir $" is not writable: {ex.Message}"

/// Makes sure the folder that will hold `file` exists and `file` is not a folder, or raises an InvalidFile problem
/// (OutputFile).
let ensureFileTarget (file: string) =
    if Directory.Exists file then Fail.file OutputFile file " is a folder, not a file"
    let dir = Path.GetDirectoryName(Path.GetFullPath file)
    if not (Directory.Exists dir) then Fail.file OutputFile file $": folder {dir} does not exist"
