/// A verb's pages (and its table) written into its --out folder, with plotly.js beside them when they load it locally.
module Descent.ChartFiles

open System.IO

/// Writes each page (file name, its figure) into `dir` as a page loading plotly.js from `source`, and for Local the
/// carried plotly.js beside them (PlotlyJs.writeInto). Returns the paths: the pages in their order, then the script.
let writePages (dir: string) (source: PlotlyJs.Source) (pages: (string * (unit -> PlotlyPage.Figure)) list) : string list =
    // The script first, so that no page is ever there without it.
    let script =
        match source with
        | PlotlyJs.Local -> [ PlotlyJs.writeInto dir ]
        | PlotlyJs.Cdn -> []
    [ for name, figure in pages ->
          let path = Path.Combine(dir, name)
          Files.writeText path (PlotlyPage.html source (figure ()))
          path ]
    @ script

/// Writes the table (file name, text) into `dir`, then, unless `plots` is None, the pages (see writePages). Returns
/// the paths written: the pages, the script, then the table.
let writeTableAndPages (dir: string) (table: string * string) (pages: (string * (unit -> PlotlyPage.Figure)) list) (plots: PlotlyJs.Source option) : string list =
    let tableName, text = table
    let tablePath = Path.Combine(dir, tableName)
    Files.writeText tablePath text
    match plots with
    | None -> [ tablePath ]
    | Some source -> writePages dir source pages @ [ tablePath ]
