// Loads the built Descent assemblies (run `dotnet build -c Release` first). Scripts #load this file.
#r "../Cli.FSharp/bin/Release/net10.0/Descent.Core.dll"
#r "../Cli.FSharp/bin/Release/net10.0/XPlot.Plotly.dll"
#r "../Cli.FSharp/bin/Release/net10.0/Newtonsoft.Json.dll"
#r "../Cli.FSharp/bin/Release/net10.0/CsvHelper.dll"
#r "../Cli.FSharp/bin/Release/net10.0/Sylvan.Data.Csv.dll"
#r "../Cli.FSharp/bin/Release/net10.0/descent.dll"
