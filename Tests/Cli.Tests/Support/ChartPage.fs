/// Reads back what XPlot wrote into a chart page: its traces ("var data = [...];") and layout ("var layout = {...};").
module Descent.Tests.ChartPage

open System.Text.Json

/// The traces and the layout of an HTML page written by Charts.html.
let parts (page: string) : JsonElement * JsonElement =
    let json (name: string) (closing: string) =
        let start = page.IndexOf($"var {name} = ") + $"var {name} = ".Length
        let stop = page.IndexOf(closing + ";", start) + 1
        JsonDocument.Parse(page.Substring(start, stop - start)).RootElement.Clone()
    json "data" "]", json "layout" "}"

/// The trace named `name`.
let trace (name: string) (data: JsonElement) =
    data.EnumerateArray() |> Seq.find (fun t -> t.GetProperty("name").GetString() = name)
