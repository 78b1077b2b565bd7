/// FsCheck over the command line: no combination of train's flags and no small CSV text escapes as an unhandled
/// exception (each ends with exit code 0, 2 or 3).
module Descent.Tests.FuzzTests

open System
open System.IO
open FsCheck
open FsCheck.FSharp
open FsCheck.NUnit
open NUnit.Framework
open Descent

let private flagValues =
    [ "--samples", [ "0"; "1"; "3"; "40"; "120"; "-5"; "x"; "1e3" ]
      "--features", [ "0"; "1"; "2"; "7"; "-1" ]
      "--centers", [ "0"; "1"; "2"; "3"; "9" ]
      "--cluster-std", [ "0"; "1.5"; "-1"; "nan"; "1e308" ]
      "--test-size", [ "0"; "0.3"; "0.99"; "1"; "-0.2" ]
      "--epochs", [ "0"; "1"; "3"; "-2"; "abc" ]
      "--alpha", [ "0"; "0.1"; "1e308"; "-1"; "inf"; "NaN" ]
      "--optimizer", [ "gd"; "sgd"; "adagrad"; "rmsprop"; "adam"; "adamw"; "nadam"; "radam"; "adamax"; "adadelta"; "adamx"; "" ]
      "--beta1", [ "0"; "0.9"; "1"; "-0.1" ]
      "--eps", [ "1e-8"; "0"; "1e300" ]
      "--rho", [ "0.9"; "1" ]
      "--clip-norm", [ "1"; "0"; "1e-300" ]
      "--warmup", [ "0"; "1"; "5" ]
      "--batch-size", [ "0"; "1"; "7"; "100000" ]
      "--momentum", [ "0"; "0.9"; "1"; "-0.1" ]
      "--l2", [ "0"; "0.1"; "-1" ]
      "--loss", [ "sse"; "logloss"; "hinge" ]
      "--schedule", [ "constant"; "step"; "invscaling"; "exponential"; "cosine"; "plateau"; "cos" ]
      "--gamma", [ "0"; "0.9"; "2" ]
      "--plateau-patience", [ "0"; "-1"; "3" ]
      "--decay", [ "0"; "0.5"; "-1" ]
      "--step-every", [ "0"; "2" ]
      "--target-loss", [ "0"; "100"; "nan" ]
      "--patience", [ "0"; "1"; "2" ]
      "--validation-fraction", [ "0"; "0.2"; "0.99"; "1" ]
      "--threads", [ "0"; "1"; "2" ]
      "--dtype", [ "float32"; "float64"; "int8" ]
      "--data-seed", [ "0"; "4294967295"; "4294967296"; "-1" ] ]

let private switches = [ "--shuffle"; "--nesterov"; "--amsgrad"; "--centered"; "--json"; "--bogus" ]

let private commandLines =
    gen {
        let! picked = Gen.subListOf flagValues
        let! values = picked |> List.map (fun (flag, values) -> Gen.elements values |> Gen.map (fun v -> [ flag; v ])) |> Gen.sequenceToList
        let! extra = Gen.subListOf switches
        return [ "train" ] @ List.concat values @ extra
    }

let private scratch () = Path.Combine(TestContext.CurrentContext.WorkDirectory, "runs", "property-" + Guid.NewGuid().ToString("N"))

/// Runs `descent argv` in this process; true when it ended with 0, 2 or 3 and threw nothing.
let private endsCleanly (argv: string list) =
    let dir = scratch ()
    Directory.CreateDirectory dir |> ignore
    let o = runInProcess dir argv
    List.contains (enum<ExitCode> o.ExitCode) [ ExitCode.Ok; ExitCode.BadInput; ExitCode.NumericalFailure ]
    |> Prop.label (sprintf "exit code %d for %A:\n%s%s" o.ExitCode argv o.Stdout o.Stderr)

[<FsCheck.NUnit.Property(MaxTest = 150)>]
let ``no combination of train flags escapes as an unhandled exception`` () =
    let out = scratch ()
    Prop.forAll (Arb.fromGen commandLines) (fun args -> endsCleanly (args @ [ "--epochs"; "2"; "--no-plots"; "--out"; out ]))

/// Small CSV texts built from awkward pieces: numbers, blanks, words, quotes, NaN, stray delimiters and line ends.
let private csvTexts =
    let cell =
        Gen.frequency
            [ 6, Gen.choose (-50, 50) |> Gen.map (fun i -> string (float i / 4.0))
              2, Gen.elements [ "0"; "1"; "a"; "b" ]
              1, Gen.elements [ ""; " "; "\"\""; "\"1.5\""; "\"x,y\""; "NaN"; "inf"; "1e999"; "-"; "\"unclosed"; "\uFEFF1"; "#"; ";" ] ]
    gen {
        let! width = Gen.choose (1, 4)
        let! rows = Gen.choose (0, 12)
        let! header = Gen.elements [ true; false ]
        let! lineEnd = Gen.elements [ "\n"; "\r\n" ]
        let! cells = Gen.listOfLength (rows * width) cell
        let body = cells |> List.chunkBySize width |> List.map (String.concat ",")
        let head = if header then [ List.init width (sprintf "c%d") |> String.concat "," ] else []
        return String.Join(lineEnd, head @ body)
    }

[<FsCheck.NUnit.Property(MaxTest = 200)>]
let ``no small CSV text escapes as an unhandled exception`` () =
    let dir = scratch ()
    Directory.CreateDirectory dir |> ignore
    Prop.forAll (Arb.fromGen csvTexts) (fun text ->
        let file = Path.Combine(dir, "table.csv")
        File.WriteAllText(file, text)
        endsCleanly [ "train"; "--csv"; file; "--epochs"; "2"; "--no-plots"; "--out"; Path.Combine(dir, "out") ]
        |> Prop.label (sprintf "CSV text:\n%s" text))
