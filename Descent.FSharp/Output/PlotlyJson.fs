/// Pieces of a plotly.js figure written as JSON, for the pages XPlot has no types for (contours, surfaces, frames, a
/// second plot beside the first): a trace and an axis, each written in one place.
module Descent.PlotlyJson

open System.Text.Json

/// One trace: its type, mode and name, then what `fields` writes (its points, marker, axes).
let trace (w: Utf8JsonWriter) (kind: string) (mode: string) (name: string) (fields: Utf8JsonWriter -> unit) =
    w.WriteStartObject()
    w.WriteString("type", kind)
    w.WriteString("mode", mode)
    w.WriteString("name", name)
    fields w
    w.WriteEndObject()

/// A trace's fields that draw it on the second plot, beside the first (axes x2 and y2).
let onSecondAxes (w: Utf8JsonWriter) =
    w.WriteString("xaxis", "x2")
    w.WriteString("yaxis", "y2")

/// A layout axis ("xaxis", "yaxis2", a 3-D scene's "zaxis") with its title, then what `fields` writes.
let axis (w: Utf8JsonWriter) (name: string) (title: string) (fields: Utf8JsonWriter -> unit) =
    Json.nestedObject w name (fun w ->
        w.WriteString("title", title)
        fields w)
