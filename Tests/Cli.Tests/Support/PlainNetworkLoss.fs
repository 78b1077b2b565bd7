/// A network's training loss written plainly, layer by layer, for tests to check the tool's numbers against: no code
/// of the tool's own is used.
module Descent.Tests.PlainNetworkLoss

open Descent

/// The loss of a network of `sizes` with tanh hidden units at flat weights `w` (layer after layer, each (n + 1) × m
/// row-major, bias row last) over the rows of `x` (bias column last): Σ (σ(z) − y)² or the log loss, plus
/// ½·λ·Σ w² over every layer's non-bias rows.
let ofWeights (loss: string) (l2: float) (sizes: int[]) (x: Matrix) (y: int[]) (w: float[]) =
    let mutable total = 0.0
    for i in 0 .. x.Rows - 1 do
        let mutable a = Array.init sizes.[0] (fun j -> x.Data.[j * x.Rows + i])
        let mutable offset = 0
        for l in 0 .. sizes.Length - 2 do
            let n, m = sizes.[l], sizes.[l + 1]
            let z = Array.init m (fun k -> w.[offset + n * m + k] + Seq.sum (seq { for j in 0 .. n - 1 -> a.[j] * w.[offset + j * m + k] }))
            offset <- offset + (n + 1) * m
            a <- if l < sizes.Length - 2 then Array.map tanh z else z
        let z, t = a.[0], float y.[i]
        if loss = "sse" then
            let p = 1.0 / (1.0 + exp -z)
            total <- total + (p - t) * (p - t)
        else
            total <- total + max z 0.0 - t * z + log (1.0 + exp -(abs z))
    let mutable offset, penalty = 0, 0.0
    for l in 0 .. sizes.Length - 2 do
        let n, m = sizes.[l], sizes.[l + 1]
        for j in 0 .. n * m - 1 do
            penalty <- penalty + w.[offset + j] * w.[offset + j]
        offset <- offset + (n + 1) * m
    total + 0.5 * l2 * penalty
