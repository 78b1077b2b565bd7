/// Defaults a user gets without flags: where the charts take plotly.js from, how many configurations a sweep runs at once.
module Descent.Tests.DefaultsTests

open System
open System.IO
open NUnit.Framework
open Descent.Tests.Constraints

[<Test>]
let ``by default the charts load plotly.js from the CDN and a sweep runs on every core`` () =
    let dir = freshFolder "defaults"
    let o = runIn dir [ "train"; "--epochs"; "3" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    for page in [ "loss.html"; "data.html" ] do
        Assert.That(File.ReadAllText(Path.Combine(dir, "out", page)), Does.Contain """<script src="https://cdn.plot.ly/plotly-latest.min.js"></script>""")
    let alphas = String.Join(",", [ for k in 1 .. Environment.ProcessorCount + 1 -> string (0.01 * float k) ])
    let s = runIn dir [ "sweep"; "--alphas"; alphas; "--epochs"; "3"; "--no-plots"; "--out"; "sweep" ]
    Assert.That(s.ExitCode, Is.EqualTo 0, s.Stderr)
    Assert.That(s.Stdout, Does.Contain $"configurations, {Environment.ProcessorCount} at a time")
