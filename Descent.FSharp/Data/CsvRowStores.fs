/// Where the rows of a CSV parse go: a fixed range of a matrix allocated for the whole file (a plain file, cut in
/// slices), or growing blocks for a stream whose length is not known (gzip).
module Descent.CsvRowStores

open System

/// Where the rows of one parse go: the next row's slot in a column-major block of `Stride` rows per column.
[<AbstractClass>]
type internal RowStore() =
    /// The row of `Block` the next row goes to.
    abstract Slot: unit -> int
    abstract Block: float[]
    abstract Stride: int
    /// Keeps the row in the slot, with its provisional class.
    abstract Commit: label: int -> unit

/// A fixed range of rows [first, first + capacity) of a matrix allocated for the whole file.
type internal SliceStore(data: float[], stride: int, first: int, capacity: int, labels: int[]) =
    inherit RowStore()
    let mutable filled = 0
    member _.Rows = filled
    override _.Slot() =
        if filled = capacity then invalidOp "more rows than line ends in a slice"
        first + filled
    override _.Block = data
    override _.Stride = stride
    override _.Commit label =
        labels.[first + filled] <- label
        filled <- filled + 1

/// Column-major blocks of rows, growing without copying, for a stream whose length is not known (gzip); joined into
/// one matrix at the end, so its peak is about twice the matrix.
type internal GrowingStore(features: int) =
    inherit RowStore()
    let blocks = ResizeArray<float[]>()
    let capacities = ResizeArray<int>()
    let labels = ResizeArray<int>()
    let mutable block: float[] = Array.empty
    let mutable capacity = 0
    let mutable filled = 0
    // Blocks start near 2^20 values (8 MB) and double up to 65,536 rows or 2^24 values, so that a very wide table
    // does not reserve gigabytes for its first rows.
    let start = max 1 (min 1024 ((1 <<< 20) / max 1 features))
    let most = max start (min 65536 ((1 <<< 24) / max 1 features))

    override _.Slot() =
        if filled = capacity then
            capacity <- if capacity = 0 then start else min (capacity * 2) most
            block <- Array.zeroCreate (capacity * features)
            blocks.Add block
            capacities.Add capacity
            filled <- 0
        filled
    override _.Block = block
    override _.Stride = capacity
    override _.Commit label =
        labels.Add label
        filled <- filled + 1

    member _.Labels = labels

    /// The rows as one column-major matrix with room for a bias column.
    member _.ToMatrix() =
        let total = labels.Count
        let data = GC.AllocateUninitializedArray<float>(total * (features + 1))
        let mutable first = 0
        for b in 0 .. blocks.Count - 1 do
            let cap = capacities.[b]
            let rows = min cap (total - first)
            for j in 0 .. features - 1 do
                Array.blit blocks.[b] (j * cap) data (j * total + first) rows
            blocks.[b] <- null
            first <- first + rows
        { Data = data; Rows = total; Cols = features }
