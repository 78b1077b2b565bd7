/// The one estimate of memory: what the process may still allocate (the GC's limit: physical memory, a container's
/// limit or DOTNET_GCHeapHardLimit, less what the heap holds), checked before anything large is allocated. Tables
/// check their matrix here; Training/MemoryBudget checks generated data, training and sweeps with the same numbers.
module Descent.MemoryCheck

open System

/// Bytes the process may still allocate.
let available () : int64 =
    let info = GC.GetGCMemoryInfo()
    // Zero before the first collection on some platforms: the machine's memory then, as the GC will see it.
    let total =
        if info.TotalAvailableMemoryBytes > 0L then info.TotalAvailableMemoryBytes
        elif info.HighMemoryLoadThresholdBytes > 0L then info.HighMemoryLoadThresholdBytes
        else Int64.MaxValue
    max 0L (total - GC.GetTotalMemory false)

/// "1.5 GiB", "820 MiB".
let describe (bytes: float) =
    if bytes >= 1024.0 ** 3.0 then $"%.1f{bytes / 1024.0 ** 3.0} GiB"
    elif bytes >= 1024.0 ** 2.0 then $"%.0f{bytes / 1024.0 ** 2.0} MiB"
    else $"%.0f{bytes / 1024.0} KiB"

/// Refuses a table of up to `rows` rows × `features` features whose matrix (with the bias column) would not fit in one
/// array or in the memory this process may use, before its rows are read.
let table (src: TableSource) (rows: int64) (features: int) =
    let values = rows * int64 (features + 1)
    let bytes = values * 8L
    let free = available ()
    if values > int64 Array.MaxLength || bytes > free then
        TableSource.fail
            src
            $"is too big for memory: up to {rows} rows × {features + 1} columns need about {bytes / 1_000_000L} MB, and this process may use {free / 1_000_000L} MB"
