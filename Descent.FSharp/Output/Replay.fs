/// data.html's replay: the decision boundaries and the loss so far, epoch by epoch, as plotly.js animation frames
/// with a slider and a play/pause button.
module Descent.Replay

open System
open System.Text.Json
open System.Text.Json.Nodes

/// At most `most` of `items`, evenly spaced, always the first and the last.
let evenlySpaced (most: int) (items: 'a[]) : 'a[] =
    if items.Length <= most then
        items
    else
        Array.init most (fun i -> items.[int (round (float i * float (items.Length - 1) / float (most - 1)))]) |> Array.distinct

/// Frames the replay shows at most.
[<Literal>]
let MaxFrames = 200

/// Plotly.animate's options: how it starts (`start` writes it), each frame `duration` ms, no redraw, no transition.
let private animation (start: Utf8JsonWriter -> unit) (duration: int) (w: Utf8JsonWriter) =
    w.WriteStartObject()
    start w
    Json.nestedObject w "frame" (fun w ->
        w.WriteNumber("duration", duration)
        w.WriteBoolean("redraw", false))
    Json.nestedObject w "transition" (fun w -> w.WriteNumber("duration", 0))
    w.WriteEndObject()

let private jump = animation (fun w -> w.WriteString("mode", "immediate"))

/// A slider step or a button: Plotly.animate of the frames `target` writes, with the options `options` writes.
let private animateCall (w: Utf8JsonWriter) (label: string) (target: Utf8JsonWriter -> unit) (options: Utf8JsonWriter -> unit) =
    w.WriteStartObject()
    w.WriteString("label", label)
    w.WriteString("method", "animate")
    w.WriteStartArray "args"
    target w
    options w
    w.WriteEndArray()
    w.WriteEndObject()

/// One frame (a name) or none (null: the animation as it stands), as a list of frames.
let private frameList (write: Utf8JsonWriter -> unit) (w: Utf8JsonWriter) =
    w.WriteStartArray()
    write w
    w.WriteEndArray()

let private frameName (epoch: int) = $"epoch {epoch}"

let private node (write: Utf8JsonWriter -> unit) = JsonNode.Parse(ReadOnlySpan(Json.toLine write)) |> nonNull

/// data.html's figure (`classes` traces of points, then one boundary per unit) made a replay: the loss so far on a
/// second plot at the right, one frame per recorded epoch (at most MaxFrames, evenly spaced, the first and the last
/// always) moving the boundaries and the loss curve, a slider with one step per frame and a play/pause button.
let onto (figure: PlotlyPage.Figure) (ds: LabelledRows) (outputs: int) (classes: int) (losses: float[]) (recorded: (int * float[])[]) : PlotlyPage.Figure =
    let chosen = evenlySpaced MaxFrames recorded
    let finite = losses |> Array.filter Double.IsFinite
    let lossTrace = classes + outputs
    let frames =
        node (fun w ->
            w.WriteStartArray()
            for epoch, weights in chosen do
                w.WriteStartObject()
                w.WriteString("name", frameName epoch)
                w.WriteStartArray "data"
                // A boundary of huge weights can overflow to ±∞ or NaN: null, which plotly.js leaves out.
                for bx, by in Boundaries.lines ds weights outputs do
                    w.WriteStartObject()
                    Json.finiteOrNulls w "x" bx
                    Json.finiteOrNulls w "y" by
                    w.WriteEndObject()
                w.WriteStartObject()
                Json.numbers w "x" (Seq.init epoch (fun i -> float (i + 1)))
                Json.numbers w "y" losses.[.. epoch - 1]
                w.WriteEndObject()
                w.WriteEndArray()
                w.WriteStartArray "traces"
                for t in classes .. lossTrace do
                    w.WriteNumberValue t
                w.WriteEndArray()
                w.WriteEndObject()
            w.WriteEndArray())
    let replayLayout =
        node (fun w ->
            w.WriteStartObject()
            PlotlyJson.axis w "xaxis2" "Epoch #" (fun w ->
                Json.numbers w "domain" [ 0.66; 1.0 ]
                w.WriteString("anchor", "y2")
                Json.numbers w "range" [ 0.0; float (max 1 losses.Length) + 1.0 ])
            PlotlyJson.axis w "yaxis2" "Loss so far" (fun w ->
                w.WriteString("anchor", "x2")
                if finite.Length > 0 then
                    let lo, hi = Array.min finite, Array.max finite
                    let pad = max (0.05 * (hi - lo)) (1e-9 * max 1.0 (abs hi))
                    Json.numbers w "range" [ lo - pad; hi + pad ])
            w.WriteStartArray "sliders"
            w.WriteStartObject()
            w.WriteNumber("active", chosen.Length - 1)
            Json.nestedObject w "currentvalue" (fun w -> w.WriteString("prefix", ""))
            w.WriteNumber("y", -0.1)
            w.WriteNumber("x", 0.1)
            w.WriteNumber("len", 0.9)
            w.WriteStartArray "steps"
            for epoch, _ in chosen do
                animateCall w (frameName epoch) (frameList (fun w -> w.WriteStringValue(frameName epoch))) (jump 0)
            w.WriteEndArray()
            w.WriteEndObject()
            w.WriteEndArray()
            w.WriteStartArray "updatemenus"
            w.WriteStartObject()
            w.WriteString("type", "buttons")
            w.WriteNumber("x", 0.0)
            w.WriteNumber("y", -0.1)
            w.WriteString("xanchor", "left")
            w.WriteString("yanchor", "top")
            w.WriteString("direction", "down")
            w.WriteStartArray "buttons"
            // Play: every frame from the current one (null: all frames), 60 ms each.
            animateCall w "Play" (fun w -> w.WriteNullValue()) (animation (fun w -> w.WriteBoolean("fromcurrent", true)) 60)
            // Pause: an animation to no frame ([null]), at once, stops the one running.
            animateCall w "Pause" (frameList (fun w -> w.WriteNullValue())) (jump 0)
            w.WriteEndArray()
            w.WriteEndObject()
            w.WriteEndArray()
            w.WriteEndObject())
    let lossSoFar =
        node (fun w ->
            PlotlyJson.trace w "scatter" "lines" "loss so far" (fun w ->
                PlotlyJson.onSecondAxes w
                Json.numbers w "x" (Seq.init losses.Length (fun i -> float (i + 1)))
                Json.numbers w "y" losses))
    let data = figure.Data.DeepClone().AsArray()
    data.Add lossSoFar
    let layout = figure.Layout.DeepClone().AsObject()
    for KeyValue (name, value) in List.ofSeq (replayLayout.AsObject()) do
        layout.[name] <- value.DeepClone()
    // The data plot keeps the left part; the loss so far takes the right.
    let xaxis =
        match layout.["xaxis"] with
        | :? JsonObject as xaxis -> xaxis
        | _ ->
            let xaxis = JsonObject()
            layout.["xaxis"] <- xaxis
            xaxis
    xaxis.["domain"] <- JsonArray(JsonValue.Create 0.0, JsonValue.Create 0.58)
    { figure with
        Data = data
        Layout = layout
        Frames = frames.AsArray()
        Width = 1200
        Height = 600 }
