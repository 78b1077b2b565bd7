/// A request's query string as a verb's command line: `?optimizer=adam&alpha=0.01&shuffle` is
/// `--optimizer adam --alpha 0.01 --shuffle`, in the query's order, so that the page's state, its URL and the command
/// it shows are one thing. No request may name a path on the server: the flags that name files are refused, and
/// `data=` names an uploaded table by its id.
module Descent.Serve.QueryFlags

open System

/// The query's parameters in order, decoded ('+' is a space, as forms send it).
let parse (query: string) : (string * string) list =
    let decode (s: string) = Uri.UnescapeDataString(s.Replace('+', ' '))
    query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
    |> Array.map (fun pair ->
        match pair.IndexOf '=' with
        | -1 -> decode pair, ""
        | i -> decode pair.[.. i - 1], decode pair.[i + 1 ..])
    |> List.ofArray

/// Parameters that are the server's, not a flag: the page's id (a newer request of the same page cancels the older)
/// and the access token.
let reserved = set [ "page"; "token" ]

/// Flags that name a file or folder on the server, or that make no sense over HTTP, with why they are refused.
let refused =
    [ "csv", "names a file on the server; upload the table (POST /api/data) and pass data=<its id>"
      "out", "names a folder on the server; the page downloads the run's files instead"
      "save-model", "names a file on the server; the page downloads model.json instead"
      "model", "names a file on the server"
      "plotly-js", "names a file on the server; the page draws its own charts"
      "json", "is implied: the API always answers JSON"
      "threads", "is the server's choice (results do not depend on it)"
      "help", "is not a request; descent train --help lists the flags" ]
    |> Map.ofList

/// The command line for `query`'s flags (reserved parameters left out): a parameter with a value is `--name value`,
/// one without is the switch `--name`. `table` turns `data=ID` into the uploaded table's name; it raises when there
/// is no such upload. Every refused flag raises Refused (400) naming it.
let toArgv (table: string -> string) (query: (string * string) list) : string[] =
    [| for name, value in query do
           if not (reserved.Contains name) then
               if name.StartsWith "-" || name = "" then
                   raise (Refused(400, $"'{name}' is not a flag name: the query uses train's flag names without dashes (alpha=0.1)"))
               match refused.TryFind name with
               | Some why -> raise (Refused(400, $"{name}= {why}"))
               | None -> ()
               yield "--" + name
               match name with
               | "data" -> yield table value
               | _ when value <> "" -> yield value
               | _ -> () |]

/// The query's value of the reserved parameter `name`.
let reservedValue (name: string) (query: (string * string) list) =
    query |> List.tryFind (fst >> (=) name) |> Option.map snd
