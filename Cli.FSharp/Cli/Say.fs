/// The lines a command prints about its work: on stdout, or on stderr when stdout carries a JSON document.
module Descent.Cli.Say

/// One line about the work.
let line (asJson: bool) (text: string) = if asJson then eprintfn "%s" text else printfn "%s" text

/// "[INFO] wrote a, b, c".
let wrote (asJson: bool) (files: string list) = line asJson ("[INFO] wrote " + String.concat ", " files)
