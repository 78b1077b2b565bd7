/// Output files, written so that a crash, an interrupt or a full disk never leaves a truncated file where a good one
/// was: each goes to a temporary file in the same folder, is flushed to disk, renamed into place, and the folder is
/// flushed too (so that after a power loss the name points at the new file or at the old one). A write that fails
/// raises WriteFailed naming the file, after removing the temporary file.
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

let private pathSuffix = Text.RegularExpressions.Regex(@"\s*:\s*'[^']*'\.?\s*$")

/// What went wrong with a file, in the program's words: the cases .NET words in its own terms ("Could not find file
/// '…'", "Access to the path … is denied") said plainly, otherwise what the system said without the path it appends
/// (often a temporary file's, which the user never named): "No space left on device : '/x/.a.1.tmp'" -> "no space
/// left on device".
let causeOf (ex: exn) =
    match ex with
    | :? FileNotFoundException
    | :? DirectoryNotFoundException -> "no such file or folder"
    | :? UnauthorizedAccessException -> "permission denied"
    | :? PathTooLongException -> "the path is too long"
    | _ ->
        let text = pathSuffix.Replace(ex.Message, "").Trim().TrimEnd('.')
        if text = "" then "an input/output error"
        elif text.Length > 1 && Char.IsUpper text.[0] && Char.IsLower text.[1] then string (Char.ToLowerInvariant text.[0]) + text.Substring 1
        else text

/// Raises WriteFailed for `path` if fsync of the folder that holds it reports an I/O error.
let syncFolderOf (path: string) =
    match FolderSync.sync (Path.GetDirectoryName(Path.GetFullPath path)) with
    | Some cause -> raise (WriteFailed(path, causeOf (IOException cause)))
    | None -> ()

/// Writes `path` through `write`, atomically and durably (temporary file in the same folder, fsync, rename, fsync of
/// the folder). An I/O error (a full disk) raises WriteFailed(path, cause) with the temporary file removed; the
/// file that was at `path`, if any, is left as it was.
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
    with
    | :? IOException
    | :? UnauthorizedAccessException as ex ->
        try File.Delete tmp with _ -> ()
        raise (WriteFailed(path, causeOf ex))
    | _ ->
        try File.Delete tmp with _ -> ()
        reraise ()
    syncFolderOf path

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
    | :? IOException as ex -> Fail.file OutputFolder dir $" is not writable: {causeOf ex}"

/// Makes sure the folder that will hold `file` exists and `file` is not a folder, or raises an InvalidFile problem
/// (OutputFile).
let ensureFileTarget (file: string) =
    if Directory.Exists file then Fail.file OutputFile file " is a folder, not a file"
    let dir = Path.GetDirectoryName(Path.GetFullPath file)
    if not (Directory.Exists dir) then Fail.file OutputFile file $": folder {dir} does not exist"
