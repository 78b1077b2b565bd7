namespace Descent.Core;

/// <summary>The update rules <see cref="UpdateRule.Create{T}"/> makes: SGD's three forms and torch.optim 1.13's adaptive rules.</summary>
public enum UpdateRuleKind
{
    /// <summary>torch <c>SGD</c>: w ← w − α·g.</summary>
    Plain,
    /// <summary>torch <c>SGD(momentum=μ)</c>: v ← μ·v + g; w ← w − α·v.</summary>
    Momentum,
    /// <summary>torch <c>SGD(momentum=μ, nesterov=True)</c>: v ← μ·v + g; w ← w − α·(g + μ·v).</summary>
    Nesterov,
    /// <summary>torch <c>Adagrad</c>.</summary>
    Adagrad,
    /// <summary>torch <c>RMSprop</c> (plain, centered, with momentum).</summary>
    RmsProp,
    /// <summary>torch <c>Adam</c> (and AMSGrad).</summary>
    Adam,
    /// <summary>torch <c>AdamW</c> (and AMSGrad), decoupled weight decay sparing the bias.</summary>
    AdamW,
    /// <summary>torch <c>NAdam</c>.</summary>
    NAdam,
    /// <summary>torch <c>RAdam</c>.</summary>
    RAdam,
    /// <summary>torch <c>Adamax</c>.</summary>
    Adamax,
    /// <summary>torch <c>Adadelta</c>.</summary>
    Adadelta,
}
