namespace Descent

open System
open System.IO

/// Bytes [start, start + length) of a file as a read-only stream, so that each worker of a parallel parse reads its
/// own slice through its own handle.
type FileSlice(path: string, start: int64, length: int64) =
    inherit Stream()
    let file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 <<< 16, FileOptions.SequentialScan)
    do file.Position <- start
    let mutable left = length

    override _.CanRead = true
    override _.CanSeek = false
    override _.CanWrite = false
    override _.Length = length
    override _.Position with get () = length - left and set _ = raise (NotSupportedException())
    override _.Flush() = ()
    override _.Seek(_, _) = raise (NotSupportedException())
    override _.SetLength _ = raise (NotSupportedException())
    override _.Write(_: byte[], _: int, _: int) = raise (NotSupportedException())

    override _.Read(buffer: byte[], offset: int, count: int) =
        let wanted = int (min (int64 count) left)
        if wanted = 0 then
            0
        else
            let n = file.Read(buffer, offset, wanted)
            left <- left - int64 n
            n

    override _.Dispose(disposing: bool) =
        if disposing then file.Dispose()
        base.Dispose disposing
