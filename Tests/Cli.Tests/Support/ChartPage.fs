/// Reads back the figure a chart page holds: its traces ("var data = [...];"), layout ("var layout = {...};") and
/// animation frames ("var frames = [...];"), each on a line of its own (PlotlyPage.html).
module Descent.Tests.ChartPage

open System
open System.Text.Json

/// The JSON of the page's `var name = …;` line, if it has one.
let tryPart (name: string) (page: string) : JsonElement option =
    let prefix = $"var {name} = "
    page.Split('\n')
    |> Array.map _.Trim()
    |> Array.tryFind (fun l -> l.StartsWith(prefix, StringComparison.Ordinal))
    |> Option.map (fun l -> JsonDocument.Parse(l.Substring(prefix.Length).TrimEnd(';')).RootElement.Clone())

/// The traces and the layout of a page written by PlotlyPage.html.
let parts (page: string) : JsonElement * JsonElement =
    let part name = tryPart name page |> Option.defaultWith (fun () -> failwith $"the page has no var {name}")
    part "data", part "layout"

/// The trace named `name`.
let trace (name: string) (data: JsonElement) =
    data.EnumerateArray() |> Seq.find (fun t -> t.GetProperty("name").GetString() = name)
