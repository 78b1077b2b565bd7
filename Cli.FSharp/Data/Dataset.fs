namespace Descent

/// A labelled table: features (no bias column), integer classes 0..K-1 and the names behind them.
type Dataset =
    { X: Matrix
      Y: int[]
      FeatureNames: string[]
      /// Class labels as the user knows them, indexed by class number (sorted).
      Classes: string[]
      /// Name of the column the labels came from ("y" for generated data).
      LabelName: string
      /// Rows of the file skipped for an empty cell or a null (DropMissing); 0 for generated data.
      Dropped: int }

/// What a model needs to know of the table it was trained on, without the rows: kept by runs and model files.
type Schema =
    { FeatureNames: string[]
      Classes: string[]
      LabelName: string }

/// Rows ready for training or evaluation: the features with the bias column (ones) last, and their classes.
type LabelledRows =
    { X: Matrix
      Y: int[] }

    /// Features per row, without the bias column.
    member r.Features = r.X.Cols - 1

module Dataset =

    let rows (ds: Dataset) = ds.X.Rows

    let classCount (ds: Dataset) = ds.Classes.Length

    let defaultFeatureNames count = Array.init count (sprintf "x%d")

    let schema (ds: Dataset) : Schema =
        { FeatureNames = ds.FeatureNames; Classes = ds.Classes; LabelName = ds.LabelName }

    /// Columns worth a parallel gather: below this many values a thread costs more than it saves.
    let private parallelValues = 1 <<< 18

    /// dst column j (of `dstRows` rows) = src column j (of `srcRows` rows) at `indices`, for j in 0 .. cols - 1;
    /// columns in parallel for a big matrix (the gather reads at random within a column, so it is latency-bound).
    /// dst[o + i] = src[s + indices[i]]: compiled optimized at once, since each call runs long and few are made.
    [<System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)>]
    let gatherColumn (src: float[]) (s: int) (indices: int[]) (dst: float[]) (o: int) =
        for i in 0 .. indices.Length - 1 do
            dst.[o + i] <- src.[s + indices.[i]]

    let private gather (src: float[]) (srcRows: int) (indices: int[]) (dst: float[]) (dstRows: int) (cols: int) =
        let column j = gatherColumn src (j * srcRows) indices dst (j * dstRows)
        if int64 indices.Length * int64 cols >= int64 parallelValues then
            System.Threading.Tasks.Parallel.For(0, cols, column) |> ignore
        else
            for j in 0 .. cols - 1 do
                column j

    /// The rows at `indices`, in that order, with the bias column appended: a copy of those rows.
    let takeRowsWithBias (indices: int[]) (ds: Dataset) : LabelledRows =
        let n = indices.Length
        let d = ds.X.Cols
        let out = Matrix.zeroCreate n (d + 1)
        gather ds.X.Data ds.X.Rows indices out.Data n d
        System.Array.Fill(out.Data, 1.0, d * n, n)
        { X = out; Y = Array.map (fun i -> ds.Y.[i]) indices }

    /// Whether `ds`'s array can hold `rows` rows with the bias column (see takeOwnRowsWithBias).
    let hasRoomFor (rows: int) (ds: Dataset) = ds.X.Data.Length >= rows * (ds.X.Cols + 1)

    /// The rows at `indices`, in that order, with the bias column, moved within `ds`'s own array instead of copied:
    /// afterwards `ds`'s rows are gone and the result owns the array (its first rows × (features + 1) values). Needs
    /// `hasRoomFor indices.Length ds`. Column j goes to [j·m, (j+1)·m) with m = indices.Length ≤ Rows, which only
    /// overlaps columns already moved; a few columns are gathered at a time into buffers, then written.
    let takeOwnRowsWithBias (indices: int[]) (ds: Dataset) : LabelledRows =
        let m = indices.Length
        let n = ds.X.Rows
        let d = ds.X.Cols
        if not (hasRoomFor m ds) || m > n then invalidArg (nameof ds) "no room for the rows with the bias column"
        let data = ds.X.Data
        let width = max 1 (min d System.Environment.ProcessorCount)
        let buffers = Array.init width (fun _ -> Array.zeroCreate<float> m)
        let mutable j0 = 0
        while j0 < d do
            let count = min width (d - j0)
            let column k = gatherColumn data ((j0 + k) * n) indices buffers.[k] 0
            if count > 1 && int64 m * int64 count >= int64 parallelValues then
                System.Threading.Tasks.Parallel.For(0, count, column) |> ignore
            else
                for k in 0 .. count - 1 do
                    column k
            for k in 0 .. count - 1 do
                System.Array.Copy(buffers.[k], 0, data, (j0 + k) * m, m)
            j0 <- j0 + count
        System.Array.Fill(data, 1.0, d * m, m)
        { X = { Data = data; Rows = m; Cols = d + 1 }; Y = Array.map (fun i -> ds.Y.[i]) indices }

    /// The rows at `indices`, in that order (no bias column).
    let takeRows (indices: int[]) (ds: Dataset) =
        { ds with X = Matrix.takeRows indices ds.X; Y = Array.map (fun i -> ds.Y.[i]) indices }
