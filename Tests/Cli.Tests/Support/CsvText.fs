/// Reading back the CSV that descent writes (losses.csv, data, predictions).
[<AutoOpen>]
module Descent.Tests.CsvText

open System
open System.Globalization

/// A CSV cell as the number it holds: descent writes numbers in the invariant culture, whatever the machine's.
let csvNumber (cell: string) = Double.Parse(cell, CultureInfo.InvariantCulture)
