namespace Descent.Core;

/// <summary>Makes an update rule from its settings, its state allocated for <c>length</c> weights.</summary>
public static class UpdateRule
{
    /// <summary>
    /// The rule <paramref name="settings"/> describes for <paramref name="length"/> (features × outputs) weights.
    /// Throws <see cref="ArgumentException"/> for a hyperparameter torch would refuse, naming it and its value.
    /// </summary>
    public static IUpdateRule<T> Create<T>(UpdateSettings settings, int length) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.WeightDecay != 0 && settings.Kind != UpdateRuleKind.AdamW)
            throw new ArgumentOutOfRangeException(nameof(settings), settings.WeightDecay,
                $"Weight decay is AdamW's; for {settings.Kind} add an L2 penalty to the gradient (UpdateRules.AddL2).");
        return settings.Kind switch
        {
            UpdateRuleKind.Plain => new PlainRule<T>(settings, length),
            UpdateRuleKind.Momentum or UpdateRuleKind.Nesterov => new VelocityRule<T>(settings, length),
            UpdateRuleKind.Adagrad => new AdagradRule<T>(settings, length),
            UpdateRuleKind.RmsProp => new RmsPropRule<T>(settings, length),
            UpdateRuleKind.Adam or UpdateRuleKind.AdamW => new AdamRule<T>(settings, length),
            UpdateRuleKind.NAdam => new NAdamRule<T>(settings, length),
            UpdateRuleKind.RAdam => new RAdamRule<T>(settings, length),
            UpdateRuleKind.Adamax => new AdamaxRule<T>(settings, length),
            UpdateRuleKind.Adadelta => new AdadeltaRule<T>(settings, length),
            _ => throw new ArgumentOutOfRangeException(nameof(settings), settings.Kind, "Unknown update rule."),
        };
    }
}
