/// plotly.js 2.35.3 (MIT, Output/Assets/plotly-LICENSE.txt), carried inside the library so that every page draws
/// without a network. 2.x because plotly.js 3 no longer reads the plain-string titles XPlot.Plotly writes.
module Descent.PlotlyJs

open System.IO
open System.Reflection

/// The plotly.js release carried.
[<Literal>]
let Version = "2.35.3"

/// The name a page refers to when the script is written beside it.
[<Literal>]
let FileName = "plotly-" + Version + ".min.js"

/// The minified script, read from the assembly's resources.
let bytes () : byte[] =
    use stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(FileName)
    use copy = new MemoryStream(int stream.Length)
    stream.CopyTo copy
    copy.ToArray()
