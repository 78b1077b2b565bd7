/// The habits every verb shares, run through the real executable: an unknown flag or command is one line naming the
/// closest known ones, then the usage line; [INFO] lines keep off the stream that carries data; a run leaves no
/// earlier run's files looking like its own; every message is worded by the program, its blanks filled.
module Descent.Tests.CommandLineHabitsTests

open System
open System.IO
open NUnit.Framework
open Microsoft.FSharp.Reflection
open Descent
open Descent.Cli
open Descent.Tests.Constraints

let private lines (text: string) =
    text.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries)

/// (command line, the one line expected): a typo of one flag of each verb, and of a command.
let private unknownFlags =
    [| [ "train"; "--epoch"; "10" ], "unknown flag --epoch; did you mean --epochs?"
       [ "train"; "--ep"; "3" ], "unknown flag --ep; did you mean --eps or --epochs?"
       [ "train"; "--optimiser"; "sgd" ], "unknown flag --optimiser; did you mean --optimizer?"
       [ "data"; "--sample"; "5" ], "unknown flag --sample; did you mean --samples?"
       [ "sweep"; "--alpah"; "0.1" ], "unknown flag --alpah; did you mean --alpha?"
       [ "sweep"; "--epoch"; "3" ], "unknown flag --epoch; did you mean --epochs?"
       [ "merge"; "--outt"; "x"; "parts" ], "unknown flag --outt; did you mean --out?"
       [ "predict"; "--mdl"; "m.json"; "--csv"; "t.csv" ], "unknown flag --mdl; did you mean --model?"
       [ "bench"; "--size"; "10x3" ], "unknown flag --size; did you mean --sizes?"
       [ "completion"; "--hepl" ], "unknown flag --hepl; did you mean --help?"
       [ "convert"; "--lable"; "y"; "a.csv"; "b.parquet" ], "unknown flag --lable; did you mean --label?"
       [ "landscape"; "--axis"; "0,1" ], "unknown flag --axis; did you mean --axes?"
       [ "lr-find"; "--max-rl"; "1" ], "unknown flag --max-rl; did you mean --max-lr?"
       [ "gradcheck"; "--tolerence"; "1e-3" ], "unknown flag --tolerence; did you mean --tolerance?"
       [ "train"; "--nonsense" ], "unknown flag --nonsense" |]
    |> commandLineCases

[<TestCaseSource(nameof unknownFlags)>]
let ``an unknown flag is one line naming the closest flags, then the verb's usage line`` (args: string list, expected: string) =
    let dir = freshFolder "unknown"
    let o = runIn dir args
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    let verb = args.Head
    Assert.That(lines o.Stderr, Is.EqualTo [| $"descent: {expected}"; $"usage: descent {verb} [flags]; descent {verb} --help lists every flag with its default" |])
    Assert.That(o.Stdout, Is.Empty)
    Assert.That(Directory.GetFileSystemEntries dir, Is.Empty)

[<TestCase("trian", "unknown command 'trian'; did you mean train?")>]
[<TestCase("lrfind", "unknown command 'lrfind'; did you mean lr-find?")>]
[<TestCase("frobnicate", "unknown command 'frobnicate'")>]
[<TestCase("--version", "unknown flag --version")>]
let ``an unknown command is one line naming the closest command, then the usage line`` (word: string, expected: string) =
    let o = run [ word; "--epochs"; "3" ]
    Assert.That(o.ExitCode, Is.EqualTo 2, o.Stderr)
    Assert.That(lines o.Stderr, Is.EqualTo [| $"descent: {expected}"; "usage: descent COMMAND [flags]; descent --help lists the commands" |])

[<Test>]
let ``a value that is not a number is one line and the usage line, not the whole help`` () =
    let o = run [ "train"; "--epochs"; "abc" ]
    Assert.That(o.ExitCode, Is.EqualTo 2)
    Assert.That(lines o.Stderr, Has.Length.EqualTo 2, o.Stderr)
    Assert.That(o.Stderr, Does.StartWith "descent: parameter '--epochs' must be followed by <int>, but was 'abc'")

[<Test>]
let ``the closest names: an edit away, those the typed name begins, those it abbreviates`` () =
    let flags = [ "--epochs"; "--eps"; "--alpha"; "--model"; "--min-delta" ]
    Assert.That(UnknownFlags.closest flags "--epoch", Is.EqualTo [ "--epochs" ])
    Assert.That(UnknownFlags.closest flags "--ep", Is.EqualTo [ "--eps"; "--epochs" ])
    Assert.That(UnknownFlags.closest flags "--alhpa", Is.EqualTo [ "--alpha" ]) // a swap is one edit
    Assert.That(UnknownFlags.closest flags "--mdl", Is.EqualTo [ "--model" ])
    Assert.That(UnknownFlags.closest flags "--zzz", Is.Empty)
    // Values are not flags: a negative number after a flag that takes one is its value.
    let parser = Argu.ArgumentParser.Create<TrainArgs.TrainArgs>() :> Argu.ArgumentParser
    Assert.That(UnknownFlags.find [ parser ] [| "--init-seed"; "-1"; "--alpha"; "-0.5"; "--epoc"; "3" |], Is.EqualTo(Some "--epoc"))
    Assert.That(UnknownFlags.find [ parser ] [| "--l2"; "-1"; "--json" |], Is.EqualTo None)

/// (command line, whether standard output carries data): every verb that prints [INFO] lines, both ways.
let private streams =
    [| [ "train"; "--epochs"; "2"; "--no-plots" ], false
       [ "train"; "--epochs"; "2"; "--no-plots"; "--json" ], true
       [ "data"; "--samples"; "20"; "--out"; "d.csv" ], false
       [ "data"; "--samples"; "20" ], true
       [ "convert"; "t.csv"; "t.parquet" ], false
       [ "predict"; "--model"; "out/model.json"; "--csv"; "t.csv"; "--out"; "p.csv" ], false
       [ "predict"; "--model"; "out/model.json"; "--csv"; "t.csv" ], true
       [ "sweep"; "--alphas"; "0.1,0.01"; "--epochs"; "2"; "--no-plots"; "--out"; "s" ], false
       [ "sweep"; "--alphas"; "0.1,0.01"; "--epochs"; "2"; "--no-plots"; "--out"; "s"; "--json" ], true
       [ "lr-find"; "--steps"; "5"; "--no-plots"; "--out"; "l" ], false
       [ "lr-find"; "--steps"; "5"; "--no-plots"; "--out"; "l"; "--json" ], true
       [ "landscape"; "--epochs"; "3"; "--resolution"; "3"; "--no-plots"; "--out"; "g" ], false
       [ "landscape"; "--epochs"; "3"; "--resolution"; "3"; "--no-plots"; "--out"; "g"; "--json" ], true
       [ "gradcheck"; "--epochs"; "2" ], false
       [ "gradcheck"; "--epochs"; "2"; "--json" ], true |]
    |> commandLineCases

[<TestCaseSource(nameof streams)>]
let ``[INFO] lines go to stdout, or to stderr when stdout carries data`` (args: string list, stdoutCarriesData: bool) =
    let dir = freshFolder "streams"
    let trained = runIn dir [ "train"; "--epochs"; "2"; "--no-plots" ]
    Assert.That(trained.ExitCode, Is.EqualTo 0, trained.Stderr)
    File.WriteAllText(Path.Combine(dir, "t.csv"), "x0,x1,y\n-9.5,-4.3,0\n-2.4,2.8,1\n1.5,0.5,0\n2.5,-1.5,1\n")
    let o = runIn dir args
    Assert.That(o.ExitCode, Is.EqualTo 0, o.Stderr)
    let info (text: string) = lines text |> Array.filter (fun l -> l.StartsWith "[INFO]")
    if stdoutCarriesData then
        Assert.That(info o.Stdout, Is.Empty, "stdout carries the data alone")
        if List.contains "--json" args then parseJson o.Stdout |> ignore
        else Assert.That((lines o.Stdout).[0], Does.StartWith("x0,x1,").Or.StartWith("predicted,"))
    else
        Assert.That(info o.Stdout, Is.Not.Empty, o.Stdout)
        Assert.That(info o.Stderr, Is.Empty, "nothing on stderr but errors")

[<Test>]
let ``descent --help and every verb's --help say where [INFO] lines go`` () =
    for verb in [ []; [ "train" ]; [ "data" ]; [ "sweep" ]; [ "merge" ]; [ "predict" ]; [ "bench" ]; [ "convert" ]; [ "landscape" ]; [ "lr-find" ]; [ "gradcheck" ]; [ "completion" ] ] do
        let o = run (verb @ [ "--help" ])
        Assert.That(o.ExitCode, Is.EqualTo 0, $"{verb}: {o.Stderr}")
        Assert.That(o.Stdout.Replace("\n", " "), Does.Contain(InfoLines.rule), $"{verb}")

[<Test>]
let ``a --no-plots run removes the pages an earlier run left, and says so`` () =
    let dir = freshFolder "stale"
    let first = runIn dir [ "train"; "--epochs"; "3" ]
    Assert.That(first.ExitCode, Is.EqualTo 0, first.Stderr)
    let out = Path.Combine(dir, "out")
    File.WriteAllText(Path.Combine(out, "notes.html"), "mine")
    let second = runIn dir [ "train"; "--epochs"; "4"; "--no-plots" ]
    Assert.That(second.ExitCode, Is.EqualTo 0, second.Stderr)
    Assert.That(Directory.GetFiles out |> Array.map Path.GetFileName |> Array.sort, Is.EqualTo [| "losses.csv"; "model.json"; "notes.html" |])
    // notes.html does not load plotly.js, so the copy beside the removed pages goes with them.
    let removed = String.concat ", " [ Path.Combine("out", "loss.html"); Path.Combine("out", "data.html"); Path.Combine("out", PlotlyJs.FileName) ]
    Assert.That(lines second.Stdout |> Array.last, Is.EqualTo $"[INFO] removed {removed}, left by an earlier run")
    Assert.That(File.ReadAllLines(Path.Combine(out, "losses.csv")), Has.Length.EqualTo 5, "this run's 4 epochs")
    // Nothing to remove: no line about it.
    let third = runIn dir [ "train"; "--epochs"; "4"; "--no-plots" ]
    Assert.That(third.Stdout, Does.Not.Contain "removed")

/// (a run with pages, the pages it writes): each verb that draws pages, run again with --no-plots into the same folder.
let private pagedRuns =
    [| [ "sweep"; "--alphas"; "0.1,0.01"; "--epochs"; "2" ], [ "sweep-loss.html"; "sweep-accuracy.html" ]
       [ "lr-find"; "--steps"; "5" ], [ "lr-find.html" ]
       [ "landscape"; "--epochs"; "3"; "--resolution"; "3" ], [ "landscape.html"; "landscape-3d.html" ] |]
    |> commandLineCases

[<TestCaseSource(nameof pagedRuns)>]
let ``every verb that draws pages removes an earlier run's pages when it draws none`` (args: string list, pages: string list) =
    let dir = freshFolder "stale-pages"
    let first = runIn dir (args @ [ "--out"; "o" ])
    Assert.That(first.ExitCode, Is.EqualTo 0, first.Stderr)
    for page in pages do
        Assert.That(File.Exists(Path.Combine(dir, "o", page)), Is.True, page)
    let second = runIn dir (args @ [ "--out"; "o"; "--no-plots" ])
    Assert.That(second.ExitCode, Is.EqualTo 0, second.Stderr)
    Assert.That(Directory.GetFiles(Path.Combine(dir, "o"), "*.html"), Is.Empty)
    // No page is left to load the plotly.js beside them, so it goes too.
    let removed = pages @ [ PlotlyJs.FileName ] |> List.map (fun page -> Path.Combine("o", page)) |> String.concat ", "
    Assert.That(lines second.Stdout, Does.Contain $"[INFO] removed {removed}, left by an earlier run")

[<Test>]
let ``a diverged run writes no model and no report, and says so in one line`` () =
    let dir = freshFolder "diverged"
    let earlier = runIn dir [ "train"; "--epochs"; "3"; "--no-plots" ]
    Assert.That(earlier.ExitCode, Is.EqualTo 0, earlier.Stderr)
    let o = runIn dir [ "train"; "--alpha"; "1e304"; "--loss"; "logloss"; "--save-model"; "saved.json" ]
    Assert.That(o.ExitCode, Is.EqualTo 3, o.Stderr)
    let losses = Path.Combine("out", "losses.csv")
    Assert.That(
        lines o.Stderr,
        Is.EqualTo
            [| "descent: training diverged at epoch 2: the loss or the weights became NaN or infinite (last finite loss 4804.06665625268 at epoch 1); try a smaller --alpha (now 1E+304); "
               + $"no model written ({losses} keeps the finished epochs' losses)" |]
    )
    for text in [ "evaluating"; "precision"; "wrote" ] do
        Assert.That(o.Stdout, Does.Not.Contain text)
    Assert.That(lines o.Stdout |> Array.last, Is.EqualTo $"""[INFO] removed {Path.Combine("out", "model.json")}, left by an earlier run""")
    Assert.That(File.Exists(Path.Combine(dir, "out", "model.json")), Is.False)
    Assert.That(File.Exists(Path.Combine(dir, "saved.json")), Is.False)
    Assert.That(File.ReadAllLines(Path.Combine(dir, losses)), Has.Length.EqualTo 2)

/// Every problem the library can raise, rendered as the command line words it.
let private everyProblem () =
    let settings = FSharpType.GetUnionCases typeof<Setting> |> Array.map (fun c -> FSharpValue.MakeUnion(c, [||]) :?> Setting)
    let roles = FSharpType.GetUnionCases typeof<FileRole> |> Array.map (fun c -> FSharpValue.MakeUnion(c, [||]) :?> FileRole)
    [ for s in settings do
          yield InvalidSetting(s, $"must be > 0 beside {s.Token} (got -1)")
          yield InvalidInput $"{s.Token} is wrong"
      for r in roles do
          yield InvalidFile(r, "x.csv", $", line 3: see {Setting.L1.Token}") ]

[<Test>]
let ``every setting's blank is filled, as a flag on the command line and as a description in a script`` () =
    let settings = FSharpType.GetUnionCases typeof<Setting> |> Array.map (fun c -> FSharpValue.MakeUnion(c, [||]) :?> Setting)
    Assert.That(settings.Length, Is.GreaterThan 60)
    for s in settings do
        // The token is read from a table made once (Setting.Token): the case's own name, as the union prints it.
        Assert.That(s.Token, Is.EqualTo("{" + string s + "}"))
        let flag = CliErrors.flagOf s
        Assert.That(flag, Does.StartWith("--").Or.StartWith("descent "))
        Assert.That(CliErrors.render (InvalidInput s.Token), Is.EqualTo flag, $"{s}")
        Assert.That(Problem.describe (InvalidInput s.Token), Is.EqualTo(string (Char.ToUpperInvariant s.Description.[0]) + s.Description.Substring 1), $"{s}")
    Assert.That(CliErrors.render (InvalidSetting(ElasticNet, $"replaces {Setting.L1.Token} and {Setting.L2.Token}")), Is.EqualTo "--elastic-net replaces --l1 and --l2")
    for p in everyProblem () do
        assertWordedByTheProgram (CliErrors.render p)
        assertWordedByTheProgram (Problem.describe p)

/// (file content, command line, what the one line says): files whose faults .NET words in its own terms.
let private brokenFiles =
    [| "", [ "predict"; "--model"; "m.json"; "--csv"; "t.csv" ], "--model m.json: empty, not JSON"
       "{\"formatVersion\": ", [ "predict"; "--model"; "m.json"; "--csv"; "t.csv" ], "--model m.json: not valid JSON at line 1, byte 19"
       "{\n  \"a\": [1,\n", [ "merge"; "m.json" ], "m.json is not a part written by descent sweep --shard (not valid JSON at line 3"
       "", [ "merge"; "m.json" ], "m.json is not a part written by descent sweep --shard (empty, not JSON)" |]
    |> Array.map (fun (content, args, expected) -> TestCaseData(content, args, expected).SetArgDisplayNames(String.concat " " args + $" ({content.Length} bytes)"))

[<TestCaseSource(nameof brokenFiles)>]
let ``a broken file is worded by the program, not by .NET`` (content: string, args: string list, expected: string) =
    let dir = freshFolder "broken"
    File.WriteAllText(Path.Combine(dir, "m.json"), content)
    File.WriteAllText(Path.Combine(dir, "t.csv"), "x0,x1\n1,2\n")
    let o = runIn dir args
    assertRefused [ expected ] o

[<Test>]
let ``an output folder under a file is worded by the program`` () =
    let dir = freshFolder "under-a-file"
    File.WriteAllText(Path.Combine(dir, "afile"), "keep")
    let o = runIn dir [ "train"; "--epochs"; "2"; "--out"; Path.Combine("afile", "sub") ]
    assertRefused [ "--out " + Path.Combine("afile", "sub") ] o

[<Test>]
let ``a --no-plots run keeps the plotly.js another verb's page in the folder still loads`` () =
    let dir = freshFolder "stale-shared"
    let first = runIn dir [ "train"; "--epochs"; "3" ]
    Assert.That(first.ExitCode, Is.EqualTo 0, first.Stderr)
    let landscape = runIn dir [ "landscape"; "--epochs"; "3"; "--resolution"; "3"; "--out"; "out" ]
    Assert.That(landscape.ExitCode, Is.EqualTo 0, landscape.Stderr)
    let second = runIn dir [ "train"; "--epochs"; "4"; "--no-plots" ]
    Assert.That(second.ExitCode, Is.EqualTo 0, second.Stderr)
    let out = Path.Combine(dir, "out")
    Assert.That(File.Exists(Path.Combine(out, PlotlyJs.FileName)), "landscape.html still loads it")
    Assert.That(File.Exists(Path.Combine(out, "loss.html")), Is.False)
    Assert.That(lines second.Stdout |> Array.last, Does.Not.Contain PlotlyJs.FileName)
