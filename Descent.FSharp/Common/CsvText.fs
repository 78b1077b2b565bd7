/// CSV text written by Descent (losses.csv, sweep.csv, data and predictions): fields separated by commas, "\n" line ends.
module Descent.CsvText

/// A field as RFC 4180 writes it: quoted, with quotes doubled, when it holds a comma, a quote or a line end, or when
/// it starts or ends with a space (which a reader would otherwise trim).
let field (text: string) =
    let needsQuotes =
        text.IndexOfAny([| ','; '"'; '\r'; '\n' |]) >= 0 || (text.Length > 0 && (text.[0] = ' ' || text.[text.Length - 1] = ' '))
    if needsQuotes then "\"" + text.Replace("\"", "\"\"") + "\"" else text

/// A header and rows of fields as CSV text.
let ofRows (header: string list) (rows: string list seq) : string =
    let sb = System.Text.StringBuilder()
    let line (fields: string list) =
        fields |> List.iteri (fun i f -> (if i > 0 then sb.Append ',' |> ignore); sb.Append(field f) |> ignore)
        sb.Append '\n' |> ignore
    line header
    Seq.iter line rows
    sb.ToString()
