namespace Descent

open System

/// A table file to read, and what it is for, so that a message can say which file is bad.
type TableSource =
    { Path: string
      Role: FileRole
      /// The field delimiter of a CSV file (unused for Parquet).
      Delimiter: char }

module TableSource =

    let ofFile (role: FileRole) (spec: TableFile) : TableSource =
        { Path = spec.Path; Role = role; Delimiter = spec.Delimiter }

    /// "FILE: message", one line naming the file.
    let fail (src: TableSource) (message: string) : 'a = Fail.file src.Role src.Path $": {message}"

    /// "FILE, line N: message".
    let failAt (src: TableSource) (line: int) (message: string) : 'a = Fail.file src.Role src.Path $", line {line}: {message}"

    /// A file name that says Parquet; every other table is CSV.
    let isParquet (path: string) = path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase)

    /// Refuses a folder, a missing file.
    let checkExists (src: TableSource) =
        if IO.Directory.Exists src.Path then fail src "is a folder, not a file"
        if not (IO.File.Exists src.Path) then fail src "no such file"

    /// Column names for a message: the first 20, then how many in all.
    let listed (names: string seq) =
        let names = Array.ofSeq names
        let shown = names |> Array.truncate 20 |> String.concat ", "
        if names.Length > 20 then $"{shown}, … ({names.Length} in all)" else shown
