/// The progress line of long work (train's epochs, bench's sizes, sweep's configurations) on stderr:
/// "[train] epoch 40/100, loss 0.4139133, 00:00:02 elapsed, ~00:00:03 left".
///
/// Only when stderr is a terminal, so pipes, files and tests see what they always saw; only once the work has lasted
/// a second (short runs show nothing); redrawn in place by a timer at most ten times a second, whatever the rate of
/// the work's steps; erased at the end. The time left is the elapsed time scaled by the work still to do:
/// left = elapsed · (1 − f) / f, where f is the fraction done.
module Descent.Cli.Progress

open System
open System.Diagnostics
open System.Threading
open Descent

/// Work lasting less than this shows no line at all.
let showAfter = TimeSpan.FromSeconds 1.0

/// The shortest time between two redraws (ten a second at most).
let redrawEvery = TimeSpan.FromMilliseconds 100.0

/// "00:00:03": whole seconds, as hours:minutes:seconds.
let clock (seconds: float) =
    TimeSpan.FromSeconds(Math.Round(max 0.0 seconds)).ToString(@"hh\:mm\:ss")

/// The line's text: "[label] detail, 00:00:02 elapsed, ~00:00:03 left" (no estimate before anything is done, or
/// when the fraction done is NaN: unknown).
let text (label: string) (detail: string) (elapsed: float) (fraction: float) =
    let left = if fraction > 0.0 then $", ~{clock (elapsed * (1.0 - fraction) / fraction)} left" else ""
    $"[{label}] {detail}, {clock elapsed} elapsed{left}"

/// One progress line. `describe done value` words the step ("epoch 40/100, loss 0.41"); `fraction done` is the share
/// of the work finished after `done` steps (for work whose steps differ in size). Steps are reported from any thread
/// with `Step`; text for stdout goes through `Above`, so that it never lands after the line on the same terminal.
type Line(label: string, describe: int -> float -> string, fraction: int -> float, enabled: bool) =
    let clock = Stopwatch.StartNew()
    let gate = obj ()
    // The latest step: written by the work (Step), read by the timer; Volatile, as they run on different threads.
    let mutable stepsDone = 0
    let mutable value = nan
    let mutable drawn = false
    let mutable finished = false

    let erase () =
        if drawn then
            // Carriage return, then erase to the end of the line (ANSI EL): the terminal is as it was.
            eprintf "\r\u001b[K"
            drawn <- false

    let draw () =
        lock gate (fun () ->
            if not finished && clock.Elapsed >= showAfter then
                let n = Volatile.Read &stepsDone
                let line = text label (describe n (Volatile.Read &value)) clock.Elapsed.TotalSeconds (fraction n)
                // One column short of the terminal's width, so the line never wraps (a wrapped line cannot be
                // redrawn in place); 79 when the terminal does not say.
                let columns = try Console.WindowWidth with _ -> 0
                let width = if columns > 1 then columns - 1 else 79
                let shown = if line.Length > width then line.Substring(0, width) else line
                eprintf "\r%s\u001b[K" shown
                drawn <- true)

    let timer =
        if enabled then new Timer((fun _ -> draw ()), null, redrawEvery, redrawEvery) else null

    /// A line for `label` that shows when stderr is a terminal.
    new(label, describe, fraction) = new Line(label, describe, fraction, not Console.IsErrorRedirected)

    /// `done` steps finished, the latest with `value` (a loss; NaN when there is none).
    member _.Step(``done``: int, v: float) =
        Volatile.Write(&value, v)
        Volatile.Write(&stepsDone, ``done``)

    /// Runs `print` (a line on stdout) with the progress line erased; the timer draws it again below.
    member _.Above(print: unit -> unit) =
        if enabled && not Console.IsOutputRedirected then lock gate (fun () -> erase (); print ()) else print ()

    /// Stops the timer and erases the line.
    member _.Finish() =
        if enabled then
            timer.Dispose()
            lock gate (fun () ->
                finished <- true
                erase ())

    interface IDisposable with
        member this.Dispose() = this.Finish()

/// A line over `total` equal steps: "[label] NOUN done/total" (and ", loss L" once a loss is known).
let counted (label: string) (noun: string) (total: int) =
    let describe n (v: float) =
        let loss = if Double.IsNaN v then "" else $", loss {PyFormat.fixedPoint 7 v}"
        $"{noun} {n}/{total}{loss}"
    new Line(label, describe, (fun n -> float n / float (max 1 total)))
