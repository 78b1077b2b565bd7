/// The page's files, carried in this assembly (plain HTML, JavaScript and CSS: no build step) and plotly.js from the
/// library, so that the playground works with no network.
module Descent.Serve.Assets

open System.IO
open System.Reflection

type Asset = { ContentType: string; Bytes: byte[] }

let private resource (name: string) =
    use stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) |> nonNull
    use copy = new MemoryStream()
    stream.CopyTo copy
    copy.ToArray()

/// The page's files by their path on the server.
let all =
    lazy
        (Map.ofList
            [ "/", { ContentType = "text/html; charset=utf-8"; Bytes = resource "index.html" }
              "/playground.js", { ContentType = "text/javascript; charset=utf-8"; Bytes = resource "playground.js" }
              "/playground.css", { ContentType = "text/css; charset=utf-8"; Bytes = resource "playground.css" }
              "/params.json", { ContentType = "application/json; charset=utf-8"; Bytes = resource "params.json" }
              "/plotly.min.js", { ContentType = "text/javascript; charset=utf-8"; Bytes = Descent.PlotlyJs.bytes () } ])
