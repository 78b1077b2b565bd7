namespace Descent

/// A dense matrix of doubles stored column-major in one array: element (i, j) is Data.[j * Rows + i].
/// The kernels read columns as contiguous spans, which is why the layout is column-major. The matrix is the first
/// Rows * Cols values; a reader or a split may leave room after them (for the bias column a split appends in place).
type Matrix =
    { Data: float[]
      Rows: int
      Cols: int }

module Matrix =

    let zeroCreate rows cols =
        { Data = Array.zeroCreate (rows * cols); Rows = rows; Cols = cols }

    let get (m: Matrix) i j = m.Data.[j * m.Rows + i]

    /// Builds a matrix from rows given as arrays of equal length.
    let ofRows (rows: float[][]) =
        let n = rows.Length
        let d = if n = 0 then 0 else rows.[0].Length
        let m = zeroCreate n d
        for i in 0 .. n - 1 do
            for j in 0 .. d - 1 do
                m.Data.[j * n + i] <- rows.[i].[j]
        m

    let row (m: Matrix) i = Array.init m.Cols (fun j -> get m i j)

    let column (m: Matrix) j = Array.sub m.Data (j * m.Rows) m.Rows

    /// The rows at the given indices, in that order.
    let takeRows (indices: int[]) (m: Matrix) =
        let n = indices.Length
        let out = zeroCreate n m.Cols
        for j in 0 .. m.Cols - 1 do
            let src = j * m.Rows
            let dst = j * n
            for i in 0 .. n - 1 do
                out.Data.[dst + i] <- m.Data.[src + indices.[i]]
        out

    /// The bias trick: a column of ones appended as the last column.
    let appendOnes (m: Matrix) =
        let n = m.Rows * m.Cols
        let data = Array.zeroCreate (n + m.Rows)
        Array.blit m.Data 0 data 0 n
        System.Array.Fill(data, 1.0, n, m.Rows)
        { Data = data; Rows = m.Rows; Cols = m.Cols + 1 }
