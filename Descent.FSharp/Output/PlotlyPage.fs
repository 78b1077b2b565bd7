/// A plotly.js figure (traces, layout, animation frames, as JSON) and the standalone HTML page that draws it. Charts
/// built with XPlot.Plotly and charts written as JSON (PlotlyJson: contours, surfaces, frames) end in the same page.
module Descent.PlotlyPage

open System.Net
open System.Text.Encodings.Web
open System.Text.Json
open System.Text.Json.Nodes
open System.Text.Unicode
open Newtonsoft.Json
open XPlot.Plotly

/// What plotly.js draws: the traces, the layout and the animation frames (none for a still chart), in a box at most
/// Width × Height pixels.
type Figure =
    { Data: JsonArray
      Layout: JsonObject
      Frames: JsonArray
      Width: int
      Height: int }

/// XPlot's own serialisation of its traces and layout (Newtonsoft, unset fields left out).
let private xplotSettings = JsonSerializerSettings(NullValueHandling = NullValueHandling.Ignore)

let private parsed (json: string) = JsonNode.Parse json |> nonNull

/// A figure of XPlot traces and layout.
let ofXPlot (width: int) (height: int) (traces: Trace seq) (layout: Layout) : Figure =
    { Data = (parsed (JsonConvert.SerializeObject(Seq.toArray traces, xplotSettings))).AsArray()
      Layout = (parsed (JsonConvert.SerializeObject(layout, xplotSettings))).AsObject()
      Frames = JsonArray()
      Width = width
      Height = height }

/// A figure whose traces (into the data array) and layout fields (after its title) are written as JSON, for charts
/// XPlot has no types for.
let ofJson (width: int) (height: int) (title: string) (traces: Utf8JsonWriter -> unit) (layoutFields: Utf8JsonWriter -> unit) : Figure =
    let data =
        Json.toLine (fun w ->
            w.WriteStartArray()
            traces w
            w.WriteEndArray())
    let layout =
        Json.toLine (fun w ->
            w.WriteStartObject()
            w.WriteString("title", title)
            layoutFields w
            w.WriteEndObject())
    { Data = (JsonNode.Parse(System.ReadOnlySpan data) |> nonNull).AsArray()
      Layout = (JsonNode.Parse(System.ReadOnlySpan layout) |> nonNull).AsObject()
      Frames = JsonArray()
      Width = width
      Height = height }

/// The page's title: the layout's, else "descent".
let private titleOf (f: Figure) =
    match f.Layout.["title"] with
    | :? JsonValue as v when v.GetValueKind() = JsonValueKind.String -> v.GetValue<string>()
    | _ -> "descent"

/// JSON as a page writes it: every letter as itself (α, not \u03B1), and the characters HTML gives a meaning to
/// (<, >, &, quotes) escaped, so that no text in it can close the <script>.
let private pageJson = JsonSerializerOptions(Encoder = JavaScriptEncoder.Create UnicodeRanges.All)

/// The figure as a standalone page that loads plotly.js from `source`. The plot takes the window's width up to the
/// figure's (plotly.js's responsive mode), so no page needs a horizontal scroll bar in a narrower window.
let html (source: PlotlyJs.Source) (f: Figure) : string =
    let frames = if f.Frames.Count = 0 then "" else $"\n            var frames = {f.Frames.ToJsonString pageJson};"
    let figure = if f.Frames.Count = 0 then "data: data, layout: layout" else "data: data, layout: layout, frames: frames"
    $"""<!DOCTYPE html>
<html>
    <head>
        <meta charset="UTF-8" />
        <title>{WebUtility.HtmlEncode(titleOf f)}</title>
        <script src="{PlotlyJs.src source}"></script>
    </head>
    <body>
        <div id="chart" style="width: 100%%; max-width: {f.Width}px; height: {f.Height}px;"></div>
        <script>
            var data = {f.Data.ToJsonString pageJson};
            var layout = {f.Layout.ToJsonString pageJson};{frames}
            Plotly.newPlot('chart', {{ {figure}, config: {{ responsive: true }} }});
        </script>
    </body>
</html>
"""
