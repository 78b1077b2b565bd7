namespace Descent

/// A problem the user can fix (a flag out of range, a broken file): reported as one line, exit code 2.
exception InputError of string

/// Exit codes of the `descent` command.
module ExitCode =
    [<Literal>]
    let Ok = 0

    [<Literal>]
    let BadInput = 2

    [<Literal>]
    let NumericalFailure = 3

    [<Literal>]
    let Interrupted = 130
