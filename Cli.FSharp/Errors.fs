namespace Descent

/// A problem the user can fix (a flag out of range, a broken file): reported as one line, exit code 2.
exception InputError of string

/// A flag given a value it does not allow (out of range, not one of its choices, not applicable): reported as one
/// line naming the flag and what it allows, then a usage line; exit code 2.
exception FlagError of string

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
