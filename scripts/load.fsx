// The experiment library and the assemblies it needs, for every script here: `#load "load.fsx"`.
// The file loaded below is written by the Release build (`dotnet build -c Release` at the repository's root); a script
// run before that build stops with fsi's one error naming it.
#load "../Descent.FSharp/bin/Release/net10.0/run-dotnet-build-c-Release-first.fsx"
