// The lesson "Gradient Descent with Python" as a script of your own, in any folder, over the Descent.FSharp package.
// Point #i at the folder `dotnet pack -c Release -o artifacts` wrote (or drop it once the package is on a feed), then:
//   dotnet fsi lesson.fsx
#i "nuget: ../artifacts"
#r "nuget: Descent.FSharp, 1.0.0"

open System.Threading
open Descent

let experiment = Experiment.lesson |> Experiment.withEpochs 100 |> Experiment.withAlpha 0.01
let prepared = Run.prepare experiment
let result =
    Run.train prepared (fun s -> if s.Epoch = 1 || s.Epoch % 25 = 0 then printfn "[INFO] epoch=%d, loss=%s" s.Epoch (PyFormat.fixedPoint 7 s.Loss)) CancellationToken.None
printf "%s" (Report.format result.Report)
