namespace Descent

open System
open System.Collections.Generic
open System.Globalization

/// Collects the values of a label column and numbers them as classes 0..K-1 in sorted order: by value when every
/// label is a number (so 2 < 10), otherwise by ordinal string order (as numpy.unique sorts strings).
/// Labels that are the same number ("1", "1.0") are one class, named as first seen.
type LabelCollector() =
    let numbers = Dictionary<float, int>()
    let texts = Dictionary<string, int>(StringComparer.Ordinal)
    let names = ResizeArray<string>()
    let values = ResizeArray<float>()

    /// The provisional class (order of first appearance) of one label cell; numeric labels cost no allocation
    /// once seen.
    member this.Add(cell: ReadOnlySpan<char>) : int =
        let label = cell.Trim()
        // A cell spelled as a label already seen is that label's class (the same text parses the same): a table's
        // few labels are compared as text before any number is parsed, which is most of a label's cost.
        let mutable known = -1
        let mutable k = 0
        while known < 0 && k < min names.Count 8 do
            if MemoryExtensions.SequenceEqual(label, names.[k].AsSpan()) then known <- k
            k <- k + 1
        if known >= 0 then known else this.AddNew label

    /// Classes seen so far.
    member _.Count = names.Count

    member private _.AddNew(label: ReadOnlySpan<char>) : int =
        let mutable v = 0.0
        if Double.TryParse(label, NumberStyles.Float, NumberFormatInfo.InvariantInfo, &v) && Double.IsFinite v then
            let mutable id = 0
            if numbers.TryGetValue(v, &id) then
                id
            else
                let id = names.Count
                numbers.[v] <- id
                names.Add(label.ToString())
                values.Add v
                id
        else
            let text = label.ToString()
            let mutable id = 0
            if texts.TryGetValue(text, &id) then
                id
            else
                let id = names.Count
                texts.[text] <- id
                names.Add text
                values.Add nan
                id

    /// The labels seen, in order of first appearance (the provisional classes).
    member _.Seen: string[] = names.ToArray()

    /// The class names in sorted order and, for each provisional class, its final number.
    member _.Finish() : string[] * int[] =
        let ids = Array.init names.Count id
        let sorted =
            if texts.Count = 0 then ids |> Array.sortBy (fun i -> values.[i])
            else ids |> Array.sortWith (fun a b -> String.CompareOrdinal(names.[a], names.[b]))
        let remap = Array.zeroCreate names.Count
        sorted |> Array.iteri (fun rank i -> remap.[i] <- rank)
        Array.map (fun i -> names.[i]) sorted, remap
