/// Run JSON as tests compare it: everything but the wall-clock timings, which differ from run to run.
[<AutoOpen>]
module Descent.Tests.RunJson

open System.Text.Json.Nodes

/// The JSON text with every "timings" object (wall-clock, the one thing that may differ) removed.
let withoutTimings (json: string) =
    let rec strip (n: JsonNode | null) =
        match n with
        | :? JsonObject as o ->
            o.Remove "timings" |> ignore
            for kv in List.ofSeq o do
                strip kv.Value
        | :? JsonArray as a ->
            for x in a do
                strip x
        | _ -> ()
    let node = JsonNode.Parse json |> nonNull
    strip node
    node.ToJsonString()
