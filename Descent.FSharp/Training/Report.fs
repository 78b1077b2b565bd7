/// scikit-learn's classification_report: the numbers (output_dict) and the text layout.
module Descent.Report

type Scores =
    { Precision: float
      Recall: float
      F1: float
      Support: int }

type ClassificationReport =
    { /// (label, scores) for every class seen in y_true or y_pred, in class order.
      Classes: (string * Scores) list
      Accuracy: float
      MacroAvg: Scores
      WeightedAvg: Scores
      Total: int }

let private ratio num den = if den = 0 then 0.0 else float num / float den

/// precision_recall_fscore_support with zero_division = 0, then the averages, as classification_report computes them.
let compute (classNames: string[]) (yTrue: int[]) (yPred: int[]) : ClassificationReport =
    if yTrue.Length <> yPred.Length then invalidArg (nameof yPred) $"{yPred.Length} predictions for {yTrue.Length} rows"
    // One pass counts each class's true positives, predictions and support (a test set of half a million rows was
    // three passes per class and a hash set of every label before); the classes seen are those counted.
    let tp = Array.zeroCreate<int> classNames.Length
    let predicted = Array.zeroCreate<int> classNames.Length
    let support = Array.zeroCreate<int> classNames.Length
    let mutable correct = 0
    for i in 0 .. yTrue.Length - 1 do
        let t = yTrue.[i]
        let p = yPred.[i]
        support.[t] <- support.[t] + 1
        predicted.[p] <- predicted.[p] + 1
        if t = p then
            tp.[t] <- tp.[t] + 1
            correct <- correct + 1
    let perClass =
        [| for c in 0 .. classNames.Length - 1 do
               if support.[c] > 0 || predicted.[c] > 0 then
                   let precision = ratio tp.[c] predicted.[c]
                   let recall = ratio tp.[c] support.[c]
                   let f1 = if precision + recall = 0.0 then 0.0 else 2.0 * precision * recall / (precision + recall)
                   classNames.[c], { Precision = precision; Recall = recall; F1 = f1; Support = support.[c] } |]
    let total = yTrue.Length
    let scores = Array.map snd perClass
    let mean f = Array.averageBy f scores
    let weighted f =
        if total = 0 then 0.0 else (scores |> Array.sumBy (fun s -> f s * float s.Support)) / float total
    { Classes = List.ofArray perClass
      Accuracy = ratio correct total
      MacroAvg = { Precision = mean _.Precision; Recall = mean _.Recall; F1 = mean _.F1; Support = total }
      WeightedAvg = { Precision = weighted _.Precision; Recall = weighted _.Recall; F1 = weighted _.F1; Support = total }
      Total = total }

/// The text of classification_report(digits=2), byte for byte.
let format (r: ClassificationReport) : string =
    let digits = 2
    let width = r.Classes |> List.map (fst >> String.length) |> List.fold max (max "weighted avg".Length digits)
    let f = PyFormat.fixedPoint digits
    let name (s: string) = s.PadLeft width
    let num (s: string) = " " + s.PadLeft 9
    let line label (s: Scores) = name label + " " + num (f s.Precision) + num (f s.Recall) + num (f s.F1) + num (string s.Support) + "\n"
    let sb = System.Text.StringBuilder()
    sb.Append(name "" + " " + num "precision" + num "recall" + num "f1-score" + num "support" + "\n\n") |> ignore
    for label, s in r.Classes do
        sb.Append(line label s) |> ignore
    sb.Append("\n") |> ignore
    sb.Append(name "accuracy" + " " + num "" + num "" + num (f r.Accuracy) + num (string r.Total) + "\n") |> ignore
    sb.Append(line "macro avg" r.MacroAvg) |> ignore
    sb.Append(line "weighted avg" r.WeightedAvg) |> ignore
    sb.ToString()
