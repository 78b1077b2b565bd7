/// The plotly.js descent carries: the release it names, byte for byte.
module Descent.Tests.PlotlyJsTests

open System.Security.Cryptography
open NUnit.Framework
open Descent

[<Test>]
let ``the carried script is plotly.min.js of the npm package plotly.js-dist-min 2.35.3`` () =
    let script = PlotlyJs.bytes ()
    // SHA-256 of package/plotly.min.js in `npm pack plotly.js-dist-min@2.35.3`.
    Assert.That(System.Convert.ToHexStringLower(SHA256.HashData script), Is.EqualTo "fc84e3cfa55d23d3654c562ea5deb3c274eb6972a6adf66941d1a821e34825e4")
    Assert.That(System.Text.Encoding.ASCII.GetString(script, 0, 200), Does.Contain "plotly.js v2.35.3")
