/// Where a script finds Apache's C++ library behind ParquetSharp. An application (the descent command, a project that
/// references the package) finds it through its deps.json; a script that `#r`s the built assemblies (scripts/load.fsx)
/// has none, so the library is looked up under runtimes/<rid>/native/ beside ParquetSharp.dll.
module Descent.ParquetNative

open System
open System.IO
open System.Runtime.InteropServices

let private resolve (name: string) (assembly: Reflection.Assembly) (_: Nullable<DllImportSearchPath>) : nativeint =
    let beside = Path.GetDirectoryName assembly.Location
    let folder = Path.Combine(beside, "runtimes", RuntimeInformation.RuntimeIdentifier, "native")
    let mutable handle = IntPtr.Zero
    if name = "ParquetSharpNative" && Directory.Exists folder then
        for file in Directory.GetFiles(folder, name + ".*") do
            if handle = IntPtr.Zero then NativeLibrary.TryLoad(file, &handle) |> ignore
    // Zero: the runtime's own probing (deps.json, the application's folder).
    handle

let private registered =
    lazy
        (try
            NativeLibrary.SetDllImportResolver(typeof<ParquetSharp.ParquetFileReader>.Assembly, DllImportResolver resolve)
         with :? InvalidOperationException ->
             // The application set a resolver of its own: it knows where the library is.
             ())

/// Makes sure ParquetSharp's native library can be found; call before ParquetSharp's first use.
let ensure () = registered.Force()
