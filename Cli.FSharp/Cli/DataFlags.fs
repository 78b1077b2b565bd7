/// The dataset flags `train` and `data` share (--dataset, the generators' and the table reader's): their usage lines and
/// how their values are read, in one place for both verbs' unions (Argu cases cannot be shared between unions), and
/// the DataSpec they describe. A flag that does not apply to the chosen dataset is refused rather than ignored.
module Descent.Cli.DataFlags

open Argu
open Microsoft.FSharp.Reflection
open Descent
open Descent.Cli.CliErrors

type DataFlags =
    { Dataset: string option
      Samples: int option
      Features: int option
      Centers: int option
      ClusterStd: float option
      Seed: int64 option
      Noise: float option
      Factor: float option
      Table: string option
      Label: string option
      Delimiter: string option
      NoHeader: bool
      DropMissing: bool
      Columns: string option
      Ignore: string option }

let private blobs = DataSpec.lessonBlobs

/// No dataset flag given.
let none =
    { Dataset = None
      Samples = None
      Features = None
      Centers = None
      ClusterStd = None
      Seed = None
      Noise = None
      Factor = None
      Table = None
      Label = None
      Delimiter = None
      NoHeader = false
      DropMissing = false
      Columns = None
      Ignore = None }

/// The name of a flag's union case ("Cluster_Std"): both verbs' unions name the dataset flags alike, and Argu makes
/// the command-line name from it (--cluster-std).
let private caseName (flag: obj) = (fst (FSharpValue.GetUnionFields(flag, flag.GetType()))).Name

/// A flag union's case names and first fields by tag, made once per union: FSharpValue.GetUnionFields makes its readers
/// on every call (about 0.06 ms), and `descent serve` reads the flags of every request.
type private FlagCases<'Flags>() =
    static let tagOf = FSharpValue.PreComputeUnionTagReader typeof<'Flags>
    static let cases = FSharpType.GetUnionCases typeof<'Flags>
    static let fields = cases |> Array.map FSharpValue.PreComputeUnionReader
    static member Name(flag: 'Flags) = cases.[tagOf (box flag)].Name
    static member Value(flag: 'Flags) = (fields.[tagOf (box flag)] (box flag)).[0]

/// The usage line of a generator flag of either verb's union.
let usage (flag: obj) : string =
    match caseName flag with
    | "Samples" -> $"number of generated points (default: {blobs.Samples})."
    | "Features" -> $"blobs: features per point (default: {blobs.Features})."
    | "Centers" -> $"blobs: classes (blob centers), at least 2 (default: {blobs.Centers})."
    | "Cluster_Std" -> $"blobs: standard deviation of each blob (default: {blobs.ClusterStd})."
    | "Data_Seed" -> $"random_state of the generator (blobs, moons, circles, xor), 0..2^32-1 (default: {blobs.Seed})."
    | "Noise" -> "moons, circles, xor: standard deviation of the Gaussian noise added to each coordinate, >= 0 (default: 0, no noise)."
    | "Factor" -> $"circles: radius of the inner circle relative to the outer, in [0, 1) (default: {DataSpec.defaultFactor})."
    | other -> invalidArg (nameof flag) $"{other} is not a generator flag"

/// The dataset flags among a verb's parsed flags (the others left alone); a flag given twice counts once, the last
/// value, as Argu's GetResult reads it.
let ofResults (args: ParseResults<'Flags>) : DataFlags =
    let keep (f: DataFlags) (flag: 'Flags) =
        let value () = FlagCases<'Flags>.Value flag
        match FlagCases<'Flags>.Name flag with
        | "Dataset" -> { f with Dataset = Some(unbox (value ())) }
        | "Samples" -> { f with Samples = Some(unbox (value ())) }
        | "Features" -> { f with Features = Some(unbox (value ())) }
        | "Centers" -> { f with Centers = Some(unbox (value ())) }
        | "Cluster_Std" -> { f with ClusterStd = Some(unbox (value ())) }
        | "Data_Seed" -> { f with Seed = Some(unbox (value ())) }
        | "Noise" -> { f with Noise = Some(unbox (value ())) }
        | "Factor" -> { f with Factor = Some(unbox (value ())) }
        // --data is the newer name of --csv: the same table to train on.
        | "Csv"
        | "Data" -> { f with Table = Some(unbox (value ())) }
        | "Label" -> { f with Label = Some(unbox (value ())) }
        | "Delimiter" -> { f with Delimiter = Some(unbox (value ())) }
        | "No_Header" -> { f with NoHeader = true }
        | "Drop_Missing" -> { f with DropMissing = true }
        | "Columns" -> { f with Columns = Some(unbox (value ())) }
        | "Ignore" -> { f with Ignore = Some(unbox (value ())) }
        | _ -> f
    let flags = args.GetAllResults()
    let given name = flags |> List.exists (fun flag -> FlagCases<'Flags>.Name flag = name)
    if given "Data" && given "Csv" then raise (FlagError "--data and --csv both name the table to train on; give one")
    List.fold keep none flags

/// "," or any single character; "tab" or "\t" for a tab.
let delimiter (text: string) : char =
    match text with
    | "tab"
    | "\\t" -> '\t'
    | t when t.Length = 1 -> t.[0]
    | t -> raise (FlagError $"--delimiter must be a single character or 'tab' (got '{t}')")

/// Column names separated by commas (--columns a,b,c); refuses an empty name.
let columnNames (flag: string) (text: string) : string list =
    let names = text.Split ',' |> Array.map _.Trim() |> List.ofArray
    if names |> List.exists ((=) "") then
        raise (FlagError $"{flag} takes column names separated by commas, none of them empty (got '{text}')")
    names

/// A tab-separated file by its name (.tsv, .tsv.gz): read with tabs unless --delimiter says otherwise.
let isTsv (path: string) =
    let p = path.ToLowerInvariant()
    p.EndsWith ".tsv" || p.EndsWith ".tsv.gz"

/// The DataSpec the flags describe; `datasets` lists the --dataset values the verb accepts. Without --dataset,
/// --csv implies csv (where accepted), otherwise blobs.
let spec (datasets: string list) (f: DataFlags) : DataSpec =
    let dataset =
        match f.Dataset with
        | Some d -> FlagValues.parse "--dataset" (datasets |> List.map (fun n -> n, n)) d
        | None when f.Table.IsSome && List.contains "csv" datasets -> "csv"
        | None -> "blobs"
    let refuse (flags: (string * bool) list) =
        for flag, given in flags do
            if given then raise (FlagError $"{flag} does not apply to --dataset {dataset}")
    let blobsOnly = [ "--features", f.Features.IsSome; "--centers", f.Centers.IsSome; "--cluster-std", f.ClusterStd.IsSome ]
    let csvOnly =
        [ "--csv", f.Table.IsSome
          "--label", f.Label.IsSome
          "--delimiter", f.Delimiter.IsSome
          "--no-header", f.NoHeader
          "--drop-missing", f.DropMissing
          "--columns", f.Columns.IsSome
          "--ignore", f.Ignore.IsSome ]
    let generated = [ "--samples", f.Samples.IsSome; "--data-seed", f.Seed.IsSome ]
    let noise = [ "--noise", f.Noise.IsSome ]
    let factor = [ "--factor", f.Factor.IsSome ]
    let samples = defaultArg f.Samples blobs.Samples
    let seed = defaultArg f.Seed blobs.Seed
    match dataset with
    | "moons" ->
        refuse (blobsOnly @ csvOnly @ factor)
        Moons { Samples = samples; Noise = defaultArg f.Noise 0.0; Seed = seed }
    | "circles" ->
        refuse (blobsOnly @ csvOnly)
        Circles { Samples = samples; Noise = defaultArg f.Noise 0.0; Factor = defaultArg f.Factor DataSpec.defaultFactor; Seed = seed }
    | "xor" ->
        refuse (blobsOnly @ csvOnly @ factor)
        Xor { Samples = samples; Noise = defaultArg f.Noise 0.0; Seed = seed }
    | "csv" ->
        refuse (blobsOnly @ generated @ noise @ factor)
        match f.Table with
        | None -> raise (FlagError "--dataset csv needs --csv FILE")
        | Some path ->
            Table
                { Path = path
                  Label = f.Label
                  Delimiter =
                    f.Delimiter
                    |> Option.map delimiter
                    |> Option.defaultValue (if isTsv path then '\t' else ',')
                  NoHeader = f.NoHeader
                  DropMissing = f.DropMissing
                  Columns = f.Columns |> Option.map (columnNames "--columns")
                  Ignore = f.Ignore |> Option.map (columnNames "--ignore") |> Option.defaultValue [] }
    | _ ->
        refuse (csvOnly @ noise @ factor)
        Blobs
            { Samples = samples
              Features = defaultArg f.Features blobs.Features
              Centers = defaultArg f.Centers blobs.Centers
              ClusterStd = defaultArg f.ClusterStd blobs.ClusterStd
              Seed = seed }
