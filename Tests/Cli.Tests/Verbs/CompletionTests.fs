/// `descent completion bash`: the script completes verbs and flags in a real bash, and names every flag the verbs'
/// --help lists (it is read off the same unions, so it cannot drift from them).
module Descent.Tests.CompletionTests

open System
open System.Diagnostics
open System.IO
open NUnit.Framework
open Descent

/// The script, written into a fresh folder; returns its path.
let private script () =
    let o = run [ "completion"; "bash" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let path = Path.Combine(freshFolder "completion", "descent.bash")
    File.WriteAllText(path, o.Stdout)
    path

/// What bash completes for the command line `words` (the last word being completed), with the script sourced: the
/// candidates separated by spaces.
let private complete (path: string) (words: string list) =
    let array = String.Join(" ", words |> List.map (fun w -> "'" + w + "'"))
    let body =
        $"source '{path}' || exit 9; complete -p descent || exit 8; COMP_WORDS=({array}); COMP_CWORD={words.Length - 1}; _descent; printf '%%s\\n' \"${{COMPREPLY[@]}}\""
    let psi = ProcessStartInfo("bash", RedirectStandardOutput = true, RedirectStandardError = true)
    psi.ArgumentList.Add "--norc"
    psi.ArgumentList.Add "-c"
    psi.ArgumentList.Add body
    use p = Process.Start psi |> nonNull
    let out = p.StandardOutput.ReadToEnd()
    let err = p.StandardError.ReadToEnd()
    p.WaitForExit()
    Assert.That(p.ExitCode, Is.EqualTo 0, err)
    let lines = out.Split('\n', StringSplitOptions.RemoveEmptyEntries) |> List.ofArray
    // The first line is `complete -p descent`: the function is registered for the command.
    Assert.That(lines.Head, Is.EqualTo "complete -o default -F _descent descent")
    String.Join(" ", lines.Tail)

[<Test>]
let ``bash completes a partial flag of train`` () =
    let path = script ()
    Assert.That(complete path [ "descent"; "train"; "--epo" ], Is.EqualTo "--epochs")
    Assert.That(complete path [ "descent"; "train"; "--ep" ], Is.EqualTo "--epochs --eps")
    Assert.That(complete path [ "descent"; "train"; "--val" ], Is.EqualTo "--validation-fraction")

[<Test>]
let ``bash completes verbs, sweep's own flags beside train's, and no flag after a flag that takes a value`` () =
    let path = script ()
    Assert.That(complete path [ "descent"; "sw" ], Is.EqualTo "sweep")
    Assert.That((complete path [ "descent"; "" ]).Split(' '), Is.SupersetOf [ "train"; "data"; "sweep"; "merge"; "predict"; "bench"; "completion" ])
    Assert.That(complete path [ "descent"; "sweep"; "--alp" ], Is.EqualTo "--alphas --alpha") // sweep's own flags first
    Assert.That(complete path [ "descent"; "bench"; "--si" ], Is.EqualTo "--sizes")
    // After --csv comes a file name (bash's default completion), not a flag.
    Assert.That(complete path [ "descent"; "train"; "--csv"; "--" ], Is.EqualTo "")

[<Test>]
let ``the script names every flag each verb's help lists`` () =
    let text = File.ReadAllText(script ())
    for verb in [ "train"; "data"; "sweep"; "merge"; "predict"; "bench" ] do
        let help = run [ verb; "--help" ]
        let flags =
            help.Stdout.Split('\n')
            |> Array.filter (fun l -> l.StartsWith "    --")
            |> Array.map (fun l -> l.Trim().Split(' ').[0])
        Assert.That(flags, Is.Not.Empty, verb)
        // The verb's flags: the line of its block that completes words starting with "--".
        let verbLine = text.Split('\n') |> Array.skipWhile (fun l -> l.Trim() <> verb + ")") |> Array.find (fun l -> l.Contains "compgen -W \"--")
        for flag in flags do
            Assert.That(verbLine, Does.Contain(flag + " ").Or.Contain(flag + "\""), $"{verb}: {flag} missing from the completion script")

[<Test>]
let ``completion refuses a shell it cannot write for`` () =
    let o = run [ "completion"; "fish" ]
    assertRefused [ "bash"; "fish" ] o

[<Test>]
let ``bash completes the names an enum flag takes, from the tables its parser reads`` () =
    let path = script ()
    let names table = table |> List.map fst
    let starting (prefix: string) (table: (string * 'a) list) = names table |> List.filter (fun n -> n.StartsWith prefix) |> String.concat " "
    Assert.That(complete path [ "descent"; "train"; "--optimizer"; "a" ], Is.EqualTo(starting "a" Names.optimizers))
    Assert.That(complete path [ "descent"; "train"; "--loss"; "" ], Is.EqualTo(String.concat " " (names Names.losses)))
    Assert.That(complete path [ "descent"; "train"; "--schedule"; "c" ], Is.EqualTo "constant cosine")
    Assert.That(complete path [ "descent"; "train"; "--dataset"; "" ], Is.EqualTo "blobs moons circles xor csv")
    Assert.That(complete path [ "descent"; "sweep"; "--optimizers"; "ad" ], Is.EqualTo(starting "ad" Names.optimizers))
    Assert.That(complete path [ "descent"; "sweep"; "--loss"; "s" ], Is.EqualTo(starting "s" Names.losses)) // train's flags too
    Assert.That(complete path [ "descent"; "bench"; "--dtype"; "" ], Is.EqualTo "float64 float32")
    Assert.That(complete path [ "descent"; "landscape"; "--center"; "" ], Is.EqualTo(String.concat " " (names Landscape.centerNames)))
    // A value that is a file name is left to bash's own completion.
    Assert.That(complete path [ "descent"; "train"; "--data"; "" ], Is.EqualTo "")

[<Test>]
let ``the zsh script runs the bash completion through bashcompinit`` () =
    let o = run [ "completion"; "zsh" ]
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let bash = run [ "completion"; "bash" ]
    Assert.That(o.Stdout, Does.Contain "autoload -U +X bashcompinit && bashcompinit\n")
    Assert.That(o.Stdout, Does.EndWith bash.Stdout)
