/// The `[INFO]` lines every verb prints about its work. One rule for all of them: standard output, unless standard
/// output carries data (a JSON document, predictions or a table written to it, a completion script), then standard
/// error, so that the data can be piped whole. Errors always go to standard error (Program.fs).
module Descent.Cli.InfoLines

/// One line about the work; `stdoutCarriesData` says whether standard output is taken by the verb's data.
let line (stdoutCarriesData: bool) (text: string) =
    if stdoutCarriesData then eprintfn "%s" text else printfn "%s" text

/// "[INFO] wrote a, b, c".
let wrote (stdoutCarriesData: bool) (files: string list) =
    line stdoutCarriesData ("[INFO] wrote " + String.concat ", " files)

/// What `descent --help` says about the streams (the rule above).
let rule =
    "[INFO] lines go to standard output, or to standard error when standard output carries data (--json, predictions or a table written to it, a completion script); errors go to standard error as one line."
