// The lesson's bowl (its Figure 1) with the robots feeling their way down it (Figure 2): the SSE landscape over the
// two feature weights of the lesson's experiment, the bias held at its final value, with the paths of batch GD,
// heavy-ball momentum, Nesterov and Adam (α 0.1; found by name in Names.optimizers) from the same initial weights.
//   dotnet build -c Release && dotnet fsi scripts/landscape.fsx
#load "load.fsx"

open System.IO
open System.Threading
open Descent

let compared: Landscape.ComparedRule list =
    [ yield { Rule = Landscape.WithMomentum; Rate = None }
      yield { Rule = Landscape.WithNesterov; Rate = None }
      match Landscape.pathRules |> List.tryFind (fun (name, _) -> name = "adam") with
      | Some (_, rule) -> yield { Rule = rule; Rate = Some 0.1 }
      | None -> () ]

let settings = { Landscape.defaults with Compare = compared }
let result = Landscape.compute settings (Run.prepare Experiment.lesson) (printfn "[INFO] path: %s") CancellationToken.None

for p in result.Paths do
    printfn "%-28s %3d epochs: loss %10.4f -> %9.6f, ends at (w0, w1) = (%.4f, %.4f)"
        p.Name (p.Losses.Length - 1) p.Losses.[0] (Array.last p.Losses) (fst (Array.last p.Coordinates)) (snd (Array.last p.Coordinates))
let finite = result.Grid |> Array.filter System.Double.IsFinite
printfn "grid %d x %d: loss from %.6f to %.4f" result.A.Length result.B.Length (Array.min finite) (Array.max finite)

let out = Path.Combine(__SOURCE_DIRECTORY__, "out", "landscape")
Directory.CreateDirectory out |> ignore
for path in LandscapeOutputs.writeFiles out (Some PlotlyJs.Local) result do
    printfn "[INFO] wrote %s" path
