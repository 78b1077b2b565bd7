/// A verb's table beside its chart pages, written into its --out folder.
module Descent.ChartFiles

open System.IO

/// Writes the table (file name, text) into `dir`, then, unless `plots` is None, each page (file name, the page drawn
/// with plotly.js from `plots`). Returns the paths written: the pages in their order, then the table.
let writeTableAndPages (dir: string) (table: string * string) (pages: (string * (Charts.PlotlySource -> string)) list) (plots: Charts.PlotlySource option) : string list =
    let path name = Path.Combine(dir, name)
    let tableName, text = table
    Files.writeText (path tableName) text
    match plots with
    | None -> [ path tableName ]
    | Some source ->
        for name, draw in pages do
            Files.writeText (path name) (draw source)
        [ for name, _ in pages -> path name ] @ [ path tableName ]
