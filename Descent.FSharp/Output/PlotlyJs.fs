/// plotly.js 2.35.3 (MIT, Output/Assets/plotly-LICENSE.txt), carried inside the library so that every page draws
/// without a network, and where a page loads it from. 2.x because plotly.js 3 no longer reads the plain-string titles
/// XPlot.Plotly writes.
module Descent.PlotlyJs

open System.IO
open System.Reflection

/// The plotly.js release carried.
[<Literal>]
let Version = "2.35.3"

/// The name a page refers to when the script is written beside it.
[<Literal>]
let FileName = "plotly-" + Version + ".min.js"

/// The same release on plotly's CDN.
[<Literal>]
let CdnUrl = "https://cdn.plot.ly/" + FileName

/// Where a page loads plotly.js from.
type Source =
    /// The carried copy, written once into the page's folder (PlotlyJs.writeInto) and named by a relative
    /// <script src>: one 4.5 MB file per folder instead of one inside every page, and no network.
    | Local
    /// plotly's CDN: small pages, which draw only with a network.
    | Cdn

/// The <script src> of a page that loads plotly.js from `source`.
let src (source: Source) =
    match source with
    | Local -> FileName
    | Cdn -> CdnUrl

/// The minified script, read from the assembly's resources.
let bytes () : byte[] =
    use stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(FileName)
    use copy = new MemoryStream(int stream.Length)
    stream.CopyTo copy
    copy.ToArray()

/// Whether `path` holds exactly `expected`.
let private holds (path: string) (expected: byte[]) =
    File.Exists path
    && FileInfo(path).Length = int64 expected.Length
    && System.MemoryExtensions.SequenceEqual(System.ReadOnlySpan(File.ReadAllBytes path), System.ReadOnlySpan expected)

/// Writes the carried script into `dir` as FileName (atomically; left alone when the file there is already the
/// same), so the pages written beside it draw offline; returns its path.
let writeInto (dir: string) : string =
    let path = Path.Combine(dir, FileName)
    let script = bytes ()
    if not (holds path script) then
        Files.writeAtomic path (fun s -> s.Write(script, 0, script.Length))
    path
