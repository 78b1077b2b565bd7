/// Flushing a folder's entries to disk. A rename is durable only once the folder that holds the name is: after a power
/// loss, a renamed file whose folder was not fsynced may be missing or point at nothing. POSIX offers no other way than
/// open(dir, O_RDONLY) and fsync(fd); .NET cannot open a folder as a file, hence libc.
module Descent.FolderSync

open System
open System.Runtime.InteropServices

module private Native =
    [<DllImport("libc", EntryPoint = "open", SetLastError = true)>]
    extern int openPath(string path, int flags)

    [<DllImport("libc", EntryPoint = "fsync", SetLastError = true)>]
    extern int fsync(int fd)

    [<DllImport("libc", EntryPoint = "close", SetLastError = true)>]
    extern int close(int fd)

[<Literal>]
let private ReadOnly = 0

// EINVAL and ENOTSUP: the file system cannot sync a folder (some network and FUSE file systems); there is nothing more
// to do there. Any other error is the disk's.
let private unsupported = set [ 22; 95 ]

/// fsync(2) on the folder `dir`; returns None, or Some cause when the system reported an I/O error. A no-op on Windows,
/// where a rename is durable once the file's handle was flushed.
let sync (dir: string) : string option =
    if OperatingSystem.IsWindows() then
        None
    else
        let fd = Native.openPath(dir, ReadOnly)
        if fd < 0 then
            None // not openable (permissions): the rename itself succeeded, and the file's data is on disk
        else
            let result = Native.fsync fd
            let errno = Marshal.GetLastPInvokeError()
            Native.close fd |> ignore
            if result = 0 || unsupported.Contains errno then None
            else Some(Marshal.GetPInvokeErrorMessage errno)
