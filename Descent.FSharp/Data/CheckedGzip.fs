namespace Descent

open System
open System.IO
open System.IO.Compression

/// A gzip file decompressed, checked at its end: .NET's GZipStream ends quietly where a truncated archive stops, so the
/// bytes read are compared with the size the archive's trailer records (ISIZE, the size modulo 2^32) and a mismatch
/// raises InvalidDataException instead of passing a cut-off last row on as data.
type CheckedGzip(path: string) =
    inherit Stream()
    let file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 <<< 16, FileOptions.SequentialScan)
    /// The trailer's ISIZE, read before decompression starts; None for a file too short to have one.
    let recorded =
        if file.Length < 18L then
            None
        else
            let bytes = Array.zeroCreate<byte> 4
            file.Position <- file.Length - 4L
            file.ReadExactly(bytes, 0, 4)
            file.Position <- 0L
            Some(BitConverter.ToUInt32(bytes, 0))
    let gzip = new GZipStream(file, CompressionMode.Decompress)
    let mutable total = 0L
    let mutable checkedEnd = false

    override _.CanRead = true
    override _.CanSeek = false
    override _.CanWrite = false
    override _.Length = raise (NotSupportedException())
    override _.Position with get () = total and set _ = raise (NotSupportedException())
    override _.Flush() = ()
    override _.Seek(_, _) = raise (NotSupportedException())
    override _.SetLength _ = raise (NotSupportedException())
    override _.Write(_: byte[], _: int, _: int) = raise (NotSupportedException())

    override _.Read(buffer: byte[], offset: int, count: int) =
        let n = gzip.Read(buffer, offset, count)
        total <- total + int64 n
        if n = 0 && count > 0 && not checkedEnd then
            checkedEnd <- true
            // A multi-member archive (bgzip) records the size of its last member only: an empty last member (bgzip's
            // end marker) records 0, which says nothing about the rest, and is accepted.
            match recorded with
            | Some size when size <> 0u && size <> uint32 total ->
                raise (InvalidDataException "the archive is cut short or damaged: it holds fewer bytes than its trailer records")
            | _ -> ()
        n

    override _.Dispose(disposing: bool) =
        if disposing then gzip.Dispose()
        base.Dispose disposing
