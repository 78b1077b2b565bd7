/// A table's bytes as a file that lives only in memory (Linux's memfd_create), so that the library's readers, which
/// read files by path, read an uploaded table as they read one on disk, and nothing is written to a disk.
module Descent.Serve.MemoryFile

open System
open System.IO
open System.Runtime.InteropServices
open Microsoft.Win32.SafeHandles

[<DllImport("libc", SetLastError = true)>]
extern int memfd_create(string name, uint32 flags)

/// MFD_CLOEXEC: not inherited by a child process.
let private closeOnExec = 1u

/// Whether this system has anonymous memory files (Linux).
let supported () = OperatingSystem.IsLinux()

/// Runs `read` on a path naming a memory file that holds `bytes`; the file is gone when `read` returns.
let readWith (bytes: byte[]) (read: string -> 'a) : 'a =
    let fd = memfd_create ("descent-upload", closeOnExec)
    if fd < 0 then
        raise (IOException $"memfd_create failed (errno {Marshal.GetLastPInvokeError()})")
    // The stream owns the descriptor: disposing it closes the file, after the reader is done with it.
    use stream = new FileStream(new SafeFileHandle(nativeint fd, true), FileAccess.ReadWrite, 1)
    stream.Write(bytes, 0, bytes.Length)
    stream.Flush()
    read $"/proc/self/fd/{fd}"

/// The path readWith gives its reader, as a pattern, to take it out of a message.
let pathPattern = @"/proc/self/fd/\d+"
