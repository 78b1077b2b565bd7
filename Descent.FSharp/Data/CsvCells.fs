/// The cells of a CSV file: numbers as descent parses them, column names as a header gives them.
module Descent.CsvCells

open System
open System.Globalization

let internal invariant = NumberFormatInfo.InvariantInfo

/// numpy's spelling of infinity ("inf", "-inf"), which .NET does not parse (it reads "Infinity" and "NaN").
let isInfText (cell: ReadOnlySpan<char>) =
    let t = MemoryExtensions.TrimStart(MemoryExtensions.Trim cell, [| '+'; '-' |])
    MemoryExtensions.Equals(t, "inf", StringComparison.OrdinalIgnoreCase)

/// A cell that parses as a number (finite or not), as the loader parses it.
let isNumber (cell: string) =
    let mutable v = 0.0
    Double.TryParse(cell, NumberStyles.Float, invariant, &v) || isInfText (cell.AsSpan())

/// A cell that can only be a column name: neither blank nor a number.
let isName (cell: string) = not (String.IsNullOrWhiteSpace cell) && not (isNumber cell)

/// A header cell as a column name: trimmed, without a byte-order mark a decoder left in place.
let cellName (cell: string) = cell.Trim().TrimStart('\uFEFF').Trim()
