/// Where each output unit's decision boundary crosses the plot of the test points (data.html and its replay).
module Descent.Boundaries

/// Each unit's decision boundary for `weights` as (xs, ys), one per unit, in unit order, over the points of `ds`.
/// Two features: the lines w0·x0 + w1·x1 + b = 0. More: the first two features, the others at their mean over the
/// points. One feature: x0 against the class, and the thresholds x0 = −b/w0. A unit whose boundary does not cross the
/// plot (all its feature weights zero) has empty arrays, so the traces keep their places in every frame of the replay.
let lines (ds: LabelledRows) (weights: float[]) (outputs: int) : (float[] * float[]) list =
    let d = ds.Features
    let xs = Matrix.column ds.X 0
    if xs.Length = 0 then
        List.replicate outputs ([||], [||])
    elif d = 1 then
        let ys = Array.map float ds.Y
        let lo, hi = Array.min ys - 0.5, Array.max ys + 0.5
        [ for k in 0 .. outputs - 1 do
              let w0, b = weights.[k * 2], weights.[k * 2 + 1]
              if w0 <> 0.0 then
                  let x = -b / w0
                  [| x; x |], [| lo; hi |]
              else
                  [||], [||] ]
    else
        let ys = Matrix.column ds.X 1
        let lo, hi = Array.min xs, Array.max xs
        let means = Array.init d (fun j -> if j < 2 then 0.0 else Array.average (Matrix.column ds.X j))
        [ for k in 0 .. outputs - 1 do
              let w = weights.[k * (d + 1) .. k * (d + 1) + d]
              // The bias plus the other features' share at their means.
              let offset = w.[d] + Seq.sum (seq { for j in 2 .. d - 1 -> w.[j] * means.[j] })
              if w.[1] <> 0.0 then
                  let at x = -(w.[0] * x + offset) / w.[1]
                  [| lo; hi |], [| at lo; at hi |]
              elif w.[0] <> 0.0 then
                  // A vertical boundary: x0 = −offset / w0 across the points' range of x1.
                  let x = -offset / w.[0]
                  [| x; x |], [| Array.min ys; Array.max ys |]
              else
                  [||], [||] ]
