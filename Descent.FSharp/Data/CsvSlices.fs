/// A plain CSV file cut at line ends into slices that are parsed in parallel: where each starts, the physical line it
/// starts on and an upper bound on its rows.
module Descent.CsvSlices

open System
open System.IO
open System.Threading.Tasks

/// One slice of a plain file: its bytes, the physical line it starts on and an upper bound on its rows.
type internal Slice =
    { Start: int64
      Length: int64
      /// Line ends before the slice.
      LinesBefore: int
      /// Line ends in the slice, plus one for a last line without an end: at least its rows.
      Capacity: int
      Quotes: bool }

/// Line ends and whether a quote occurs in bytes [start, start + length) of the file.
let internal countLines (path: string) (start: int64) (length: int64) : int * bool =
    use f = new FileSlice(path, start, length)
    let buffer = Array.zeroCreate<byte> (1 <<< 20)
    let mutable lines = 0
    let mutable quotes = false
    let mutable n = f.Read(buffer, 0, buffer.Length)
    while n > 0 do
        let span = ReadOnlySpan(buffer, 0, n)
        lines <- lines + MemoryExtensions.Count(span, '\n'B)
        if not quotes then quotes <- MemoryExtensions.IndexOf(span, '"'B) >= 0
        n <- f.Read(buffer, 0, buffer.Length)
    lines, quotes

/// The byte just after the `lines`-th line end from `start` (the file's length if there are fewer).
let internal afterLines (path: string) (start: int64) (lines: int) : int64 =
    if lines = 0 then
        start
    else
        use f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 <<< 16)
        f.Position <- start
        let buffer = Array.zeroCreate<byte> (1 <<< 16)
        let mutable left = lines
        let mutable pos = start
        let mutable result = -1L
        while result < 0L do
            let n = f.Read(buffer, 0, buffer.Length)
            if n = 0 then
                result <- pos
            else
                let mutable i = 0
                while result < 0L && i < n do
                    let hit = MemoryExtensions.IndexOf(ReadOnlySpan(buffer, i, n - i), '\n'B)
                    if hit < 0 then
                        i <- n
                    else
                        left <- left - 1
                        i <- i + hit + 1
                        if left = 0 then result <- pos + int64 i
                pos <- pos + int64 n
        result

/// Slices of at least 4 MB, a few per core so that a slow one does not hold up the others.
let internal sliceCount (bytes: int64) =
    int (max 1L (min (int64 (4 * Environment.ProcessorCount)) (bytes / (4L <<< 20))))

/// Cuts bytes [start, end) of the file at line ends into slices and counts each one's line ends (in parallel).
let internal plan (path: string) (start: int64) (fileEnd: int64) (count: int) : Slice[] =
    let cuts =
        [| yield start
           for k in 1 .. count - 1 do
               let target = start + (fileEnd - start) * int64 k / int64 count
               yield afterLines path target 1
           yield fileEnd |]
        |> Array.distinct
        |> Array.sort
    let bounds = Array.pairwise cuts
    let counts = Array.zeroCreate bounds.Length
    Parallel.For(0, bounds.Length, fun k -> let a, b = bounds.[k] in counts.[k] <- countLines path a (b - a)) |> ignore
    let mutable before = 0
    [| for k in 0 .. bounds.Length - 1 do
           let a, b = bounds.[k]
           let lines, quotes = counts.[k]
           yield { Start = a; Length = b - a; LinesBefore = before; Capacity = lines + 1; Quotes = quotes }
           before <- before + lines |]
