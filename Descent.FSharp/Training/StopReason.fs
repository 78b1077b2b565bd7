namespace Descent

/// Why training ended.
type StopReason =
    | EpochLimit
    | TargetReached
    | NoImprovement
    | Diverged
    | Interrupted
