namespace Descent.Core;

/// <summary>Which loss a sigmoid unit is trained with.</summary>
public enum LossKind
{
    /// <summary>Sum of squared errors Σ (σ(z) − y)², the lesson's loss.</summary>
    SquaredError,
    /// <summary>Binary cross-entropy −Σ [y log σ(z) + (1 − y) log(1 − σ(z))].</summary>
    LogLoss,
}
