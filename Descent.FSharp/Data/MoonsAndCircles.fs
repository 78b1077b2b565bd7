/// scikit-learn's make_moons and make_circles on numpy's legacy RandomState: the points laid out with linspace,
/// cos and sin, shuffled with the generator, then Gaussian noise from the same generator.
module Descent.MoonsAndCircles

open Descent.Core

/// numpy.linspace(start, stop, num, endpoint): i·step + start with step = (stop − start) / div, div = num − 1 with
/// the endpoint (which is then set to stop exactly) and num without it.
let linspace (start: float) (stop: float) (num: int) (endpoint: bool) : float[] =
    let div = if endpoint then num - 1 else num
    let delta = stop - start
    let ys =
        if div > 0 then
            let step = delta / float div
            // numpy's branch for a step that underflows to zero (gh-5437).
            if step = 0.0 then Array.init num (fun i -> float i / float div * delta)
            else Array.init num (fun i -> float i * step)
        else
            Array.init num (fun i -> float i * delta)
    let ys = Array.map (fun y -> y + start) ys
    if endpoint && num > 1 then ys.[num - 1] <- stop
    ys

/// Two classes laid out as (xs, ys) per class (class 0 first), shuffled by util_shuffle (arange then shuffle) of
/// RandomState(seed), then X += normal(scale=noise, size=(n, 2)) row by row when noise > 0 (noise 0 is sklearn's
/// noise=None: no draws).
let private assemble (outer: float[] * float[]) (inner: float[] * float[]) (noise: float) (seed: int64) : Dataset =
    let xs = Array.append (fst outer) (fst inner)
    let ys = Array.append (snd outer) (snd inner)
    let labels = Array.append (Array.zeroCreate (fst outer).Length) (Array.create (fst inner).Length 1)
    let n = xs.Length
    let rng = RandomState(seed)
    let order = rng.Permutation n
    let rows = order |> Array.map (fun i -> [| xs.[i]; ys.[i] |])
    if noise > 0.0 then
        for row in rows do
            row.[0] <- row.[0] + rng.Normal(0.0, noise)
            row.[1] <- row.[1] + rng.Normal(0.0, noise)
    { X = Matrix.ofRows rows
      Y = Array.map (fun i -> labels.[i]) order
      FeatureNames = Dataset.defaultFeatureNames 2
      Classes = [| "0"; "1" |]
      LabelName = "y"
      Dropped = 0 }

/// make_moons(n_samples, noise, random_state): n // 2 points on the upper half circle (class 0), the rest on a
/// lower half circle shifted by (1, −0.5) (class 1).
let moons (samples: int) (noise: float) (seed: int64) : Dataset =
    let nOut = samples / 2
    let nIn = samples - nOut
    let outer = linspace 0.0 System.Math.PI nOut true
    let inner = linspace 0.0 System.Math.PI nIn true
    assemble
        (Array.map cos outer, Array.map sin outer)
        (Array.map (fun t -> 1.0 - cos t) inner, Array.map (fun t -> 1.0 - sin t - 0.5) inner)
        noise
        seed

/// make_circles(n_samples, noise, random_state, factor): n // 2 points on the unit circle (class 0), the rest on
/// a circle of radius `factor` (class 1), both without the endpoint 2π.
let circles (samples: int) (noise: float) (factor: float) (seed: int64) : Dataset =
    let nOut = samples / 2
    let nIn = samples - nOut
    let outer = linspace 0.0 (2.0 * System.Math.PI) nOut false
    let inner = linspace 0.0 (2.0 * System.Math.PI) nIn false
    assemble
        (Array.map cos outer, Array.map sin outer)
        (Array.map (fun t -> cos t * factor) inner, Array.map (fun t -> sin t * factor) inner)
        noise
        seed
