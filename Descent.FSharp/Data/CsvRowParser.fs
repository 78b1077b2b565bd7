/// The parse of CSV rows with Sep: the chosen feature cells as numbers straight into a row store, the label cell as a
/// provisional class; bad cells refused with the file, the 1-based physical line and the column name.
module Descent.CsvRowParser

open System
open System.Globalization
open nietras.SeparatedValues
open Descent.CsvCells
open Descent.CsvFile
open Descent.CsvRowStores

/// What one parse needs to know of the table.
type internal Layout =
    { Src: TableSource
      Width: int
      FirstLine: int
      Names: string[]
      Features: int[]
      LabelColumn: int
      DropMissing: bool
      /// Rows need the unclosed-quote check only when the file holds a quote.
      Quotes: bool }

/// A bad cell: "FILE, line N, column 'name': message", raised as a LineError so that slices report in file order.
let internal cellError (l: Layout) (line: int) (column: string) (message: string) : 'a =
    raise (LineError(line, InvalidFile(l.Src.Role, l.Src.Path, $", line {line}, column '{column}': {message}")))

let internal lineError (l: Layout) (line: int) (message: string) : 'a =
    raise (LineError(line, InvalidFile(l.Src.Role, l.Src.Path, $", line {line}: {message}")))

/// A feature cell as a number: Sep's fast parse (csFastFloat, correctly rounded like Double.Parse) first, .NET's
/// parse for what it leaves (spaces around the number, "Infinity").
let internal parseCell (col: SepReader.Col) (v: byref<float>) =
    col.TryParse<float>(&v) || Double.TryParse(col.Span, NumberStyles.Float, invariant, &v)

/// Parses every row of `reader` (whose first line is physical line `lineOffset + 1`) into `store`, with each label's
/// provisional class from `labels`; returns the number of rows dropped for an empty cell. Lines are counted here, from
/// the line ends inside each row (quoted cells), since Sep numbers the first row of a reader as its second line.
let internal parseRows (l: Layout) (reader: SepReader) (lineOffset: int) (store: RowStore) (labels: LabelCollector) : int =
    let d = l.Features.Length
    let mutable dropped = 0
    let mutable next = lineOffset + 1
    while reader.MoveNext() do
        let row = reader.Current
        let line = next
        next <- next + 1 + (if l.Quotes then MemoryExtensions.Count(row.Span, '\n') else 0)
        if row.Span.Length > maxLineChars then
            lineError l line $"the row is longer than {maxLineChars} characters, the most descent reads"
        if l.Quotes && unclosedQuote row then lineError l line "malformed CSV: a quote is never closed"
        let n = row.ColCount
        if n = 1 && MemoryExtensions.IsWhiteSpace(row.[0].Span) then
            ()
        elif n <> l.Width then
            lineError l line $"{n} fields, expected {l.Width} as in line {l.FirstLine}"
        else
            let slot = store.Slot()
            let block = store.Block
            let stride = store.Stride
            let mutable keep = true
            let mutable k = 0
            while keep && k < d do
                let c = l.Features.[k]
                let col = row.[c]
                let mutable v = 0.0
                if parseCell col &v then
                    if not (Double.IsFinite v) then
                        cellError l line l.Names.[c] $"'{col.ToString()}' is not a finite number"
                    block.[k * stride + slot] <- v
                else
                    let cell = col.Span
                    if MemoryExtensions.IsWhiteSpace cell then
                        if l.DropMissing then keep <- false
                        else cellError l line l.Names.[c] $"empty cell ({DataDropMissing.Token} skips rows with empty cells)"
                    elif isInfText cell then
                        cellError l line l.Names.[c] $"'{cell.ToString()}' is not a finite number"
                    else
                        cellError l line l.Names.[c] $"'{cell.ToString()}' is not a number"
                k <- k + 1
            let mutable label = 0
            if keep && l.LabelColumn >= 0 then
                let cell = row.[l.LabelColumn].Span
                if MemoryExtensions.IsWhiteSpace cell then
                    if l.DropMissing then keep <- false
                    else cellError l line l.Names.[l.LabelColumn] $"empty label ({DataDropMissing.Token} skips rows with empty cells)"
                else
                    let seen = labels.Count
                    label <- labels.Add cell
                    // Checked when first seen: a later cell of a class seen before is the same number or text.
                    let mutable v = 0.0
                    if label = seen && ((Double.TryParse(cell, NumberStyles.Float, invariant, &v) && not (Double.IsFinite v)) || isInfText cell) then
                        cellError l line l.Names.[l.LabelColumn] $"label '{cell.ToString()}' is not a finite number"
            if keep then store.Commit label else dropped <- dropped + 1
    dropped
