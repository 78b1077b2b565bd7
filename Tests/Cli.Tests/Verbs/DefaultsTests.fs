/// Defaults a user gets without flags: where the pages take plotly.js from, how many configurations a sweep runs at once.
module Descent.Tests.DefaultsTests

open System
open System.IO
open NUnit.Framework
open Descent
open Descent.Tests.Constraints

let private localTag = $"""<script src="{PlotlyJs.FileName}"></script>"""

[<Test>]
let ``by default the pages load the plotly.js written once beside them, and a sweep runs on every core`` () =
    let dir = freshFolder "defaults"
    let o = runIn dir [ "train"; "--epochs"; "3" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let script = Path.Combine(dir, "out", PlotlyJs.FileName)
    Assert.That(File.ReadAllBytes script, Is.EqualTo(PlotlyJs.bytes ()), "the carried plotly.js, byte for byte")
    Assert.That(o.Stdout, Does.Contain $"out/data.html, out/{PlotlyJs.FileName}")
    for page in [ "loss.html"; "data.html" ] do
        let html = File.ReadAllText(Path.Combine(dir, "out", page))
        Assert.That(html, Does.Contain localTag)
        Assert.That(html, Does.Not.Contain "<script src=\"http", $"{page} loads a script from the network")
    // Written once: a second run leaves the same script alone, and replaces one that is not the carried one.
    let written = File.GetLastWriteTimeUtc script
    Assert.That((runIn dir [ "train"; "--epochs"; "3" ]).ExitCode, Is.EqualTo 0)
    Assert.That(File.GetLastWriteTimeUtc script, Is.EqualTo written, "the identical script was written again")
    File.WriteAllText(script, "not plotly")
    Assert.That((runIn dir [ "train"; "--epochs"; "3" ]).ExitCode, Is.EqualTo 0)
    Assert.That(File.ReadAllBytes script, Is.EqualTo(PlotlyJs.bytes ()))
    let alphas = String.Join(",", [ for k in 1 .. Environment.ProcessorCount + 1 -> string (0.01 * float k) ])
    let s = runIn dir [ "sweep"; "--alphas"; alphas; "--epochs"; "3"; "--no-plots"; "--out"; "sweep" ]
    Assert.That(s.ExitCode, Is.EqualTo 0, s.Stderr)
    Assert.That(s.Stdout, Does.Contain $"configurations, {Environment.ProcessorCount} at a time")

[<Test>]
let ``--plotly-js cdn gives small pages that load plotly.js from its CDN, and writes no script`` () =
    let dir = freshFolder "defaults-cdn"
    for args, pages in
        [ [ "train"; "--epochs"; "3" ], [ "loss.html"; "data.html" ]
          [ "lr-find"; "--steps"; "20" ], [ "lr-find.html" ]
          [ "landscape"; "--epochs"; "3"; "--resolution"; "5" ], [ "landscape.html"; "landscape-3d.html" ]
          [ "sweep"; "--alphas"; "0.1,0.01"; "--epochs"; "3" ], [ "sweep-loss.html"; "sweep-accuracy.html" ] ] do
        let out = Path.Combine(dir, List.head args)
        let o = runIn dir (args @ [ "--plotly-js"; "cdn"; "--out"; out ])
        Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
        for page in pages do
            let html = File.ReadAllText(Path.Combine(out, page))
            Assert.That(html, Does.Contain $"""<script src="https://cdn.plot.ly/plotly-{PlotlyJs.Version}.min.js"></script>""")
            Assert.That(html.Length, Is.LessThan 1_000_000, $"{page} carries plotly.js")
        Assert.That(File.Exists(Path.Combine(out, PlotlyJs.FileName)), Is.False)
