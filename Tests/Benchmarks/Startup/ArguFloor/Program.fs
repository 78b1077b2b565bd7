// The start-up floor of an F# command line on Argu (issue 17): one 40-case union parsed, nothing else. Measure with
//   dotnet publish -c Release -r linux-x64 -p:PublishReadyToRun=true -p:SelfContained=false -o out
//   then time ./out/argufloor --flag1 3 and ./out/argufloor --help (not part of Hybrid.sln).
open Argu
type Args =
    | Flag0 of int
    | Flag1 of int
    | Flag2 of int
    | Flag3 of int
    | Flag4 of int
    | Flag5 of int
    | Flag6 of int
    | Flag7 of int
    | Flag8 of int
    | Flag9 of int
    | Flag10 of int
    | Flag11 of int
    | Flag12 of int
    | Flag13 of int
    | Flag14 of int
    | Flag15 of int
    | Flag16 of int
    | Flag17 of int
    | Flag18 of int
    | Flag19 of int
    | Flag20 of int
    | Flag21 of int
    | Flag22 of int
    | Flag23 of int
    | Flag24 of int
    | Flag25 of int
    | Flag26 of int
    | Flag27 of int
    | Flag28 of int
    | Flag29 of int
    | Flag30 of int
    | Flag31 of int
    | Flag32 of int
    | Flag33 of int
    | Flag34 of int
    | Flag35 of int
    | Flag36 of int
    | Flag37 of int
    | Flag38 of int
    | Flag39 of int
    interface IArgParserTemplate with
        member a.Usage =
            match a with
            | Flag0 _ -> "flag 0."
            | Flag1 _ -> "flag 1."
            | Flag2 _ -> "flag 2."
            | Flag3 _ -> "flag 3."
            | Flag4 _ -> "flag 4."
            | Flag5 _ -> "flag 5."
            | Flag6 _ -> "flag 6."
            | Flag7 _ -> "flag 7."
            | Flag8 _ -> "flag 8."
            | Flag9 _ -> "flag 9."
            | Flag10 _ -> "flag 10."
            | Flag11 _ -> "flag 11."
            | Flag12 _ -> "flag 12."
            | Flag13 _ -> "flag 13."
            | Flag14 _ -> "flag 14."
            | Flag15 _ -> "flag 15."
            | Flag16 _ -> "flag 16."
            | Flag17 _ -> "flag 17."
            | Flag18 _ -> "flag 18."
            | Flag19 _ -> "flag 19."
            | Flag20 _ -> "flag 20."
            | Flag21 _ -> "flag 21."
            | Flag22 _ -> "flag 22."
            | Flag23 _ -> "flag 23."
            | Flag24 _ -> "flag 24."
            | Flag25 _ -> "flag 25."
            | Flag26 _ -> "flag 26."
            | Flag27 _ -> "flag 27."
            | Flag28 _ -> "flag 28."
            | Flag29 _ -> "flag 29."
            | Flag30 _ -> "flag 30."
            | Flag31 _ -> "flag 31."
            | Flag32 _ -> "flag 32."
            | Flag33 _ -> "flag 33."
            | Flag34 _ -> "flag 34."
            | Flag35 _ -> "flag 35."
            | Flag36 _ -> "flag 36."
            | Flag37 _ -> "flag 37."
            | Flag38 _ -> "flag 38."
            | Flag39 _ -> "flag 39."
[<EntryPoint>]
let main argv =
    let parser = ArgumentParser.Create<Args>(programName = "floor")
    let r = parser.ParseCommandLine(argv)
    printfn "%d" (r.GetAllResults().Length)
    0
