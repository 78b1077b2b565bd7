/// Files an earlier run left in an output folder that this run does not write (the charts beside a --no-plots run's
/// model, the model beside a diverged run's losses): removed, so that every file of the run's kind in the folder is
/// this run's, and said so in one [INFO] line. Only the run's own file names are touched.
module Descent.Cli.EarlierOutputs

open System.IO
open Descent

/// Whether a page other than those about to go still loads the plotly.js written beside it (pages of other verbs
/// share one copy per folder).
let private plotlyStillLoaded (dir: string) (going: string list) =
    let going = going |> List.map Path.GetFullPath |> set
    Directory.EnumerateFiles(dir, "*.html")
    |> Seq.filter (fun page -> not (going.Contains(Path.GetFullPath page)))
    |> Seq.exists (fun page -> try File.ReadAllText(page).Contains(PlotlyJs.FileName) with :? IOException -> true)

/// Removes each of `names` in `dir` that is not among `written` (paths), and the plotly.js beside them once no page
/// left in `dir` loads it; says which in one line (InfoLines' stream).
let remove (stdoutCarriesData: bool) (dir: string) (names: string list) (written: string list) =
    let mine = written |> List.map Path.GetFullPath |> set
    let earlier (p: string) = File.Exists p && not (mine.Contains(Path.GetFullPath p))
    let stale = names |> List.map (fun n -> Path.Combine(dir, n)) |> List.filter earlier
    let plotly = Path.Combine(dir, PlotlyJs.FileName)
    let stale =
        if not stale.IsEmpty && earlier plotly && not (plotlyStillLoaded dir stale) then stale @ [ plotly ] else stale
    let removed, kept =
        stale
        |> List.map (fun p ->
            try
                File.Delete p
                p, None
            with
            | :? IOException
            | :? System.UnauthorizedAccessException as ex -> p, Some(Files.causeOf ex))
        |> List.partition (snd >> Option.isNone)
    if not removed.IsEmpty then
        InfoLines.line stdoutCarriesData $"""[INFO] removed {String.concat ", " (List.map fst removed)}, left by an earlier run"""
    for p, cause in kept do
        InfoLines.line stdoutCarriesData $"[INFO] {p} is an earlier run's and could not be removed ({cause.Value})"
