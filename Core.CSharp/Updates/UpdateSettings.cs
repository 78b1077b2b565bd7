namespace Descent.Core;

/// <summary>
/// What <see cref="UpdateRule.Create{T}"/> needs to make a rule: its kind, the weights' layout (features per output,
/// the last of them the bias) and the hyperparameters, named as torch.optim 1.13 names them. <see cref="For"/> gives
/// torch's defaults for a kind, the one place they are written; change them with <c>with</c>.
/// </summary>
/// <param name="Kind">The rule.</param>
/// <param name="Features">Weights per output, bias included (the bias is the last of each output's).</param>
public sealed record UpdateSettings(UpdateRuleKind Kind, int Features)
{
    /// <summary>SGD's and RMSprop's momentum μ (torch <c>momentum</c>).</summary>
    public double Momentum { get; init; }

    /// <summary>Adam-family decay of the first moment (torch <c>betas[0]</c>).</summary>
    public double Beta1 { get; init; } = 0.9;

    /// <summary>Adam-family decay of the second moment, Adamax's of the infinity norm (torch <c>betas[1]</c>).</summary>
    public double Beta2 { get; init; } = 0.999;

    /// <summary>The term that keeps denominators away from zero (torch <c>eps</c>).</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>Adam's and AdamW's AMSGrad variant: the running maximum of the second moment (torch <c>amsgrad</c>).</summary>
    public bool AmsGrad { get; init; }

    /// <summary>RMSprop's smoothing constant (torch <c>alpha</c>) and Adadelta's decay (torch <c>rho</c>).</summary>
    public double Rho { get; init; }

    /// <summary>RMSprop divided by the gradient's estimated variance rather than its second moment (torch <c>centered</c>).</summary>
    public bool Centered { get; init; }

    /// <summary>NAdam's momentum decay ψ (torch <c>momentum_decay</c>).</summary>
    public double MomentumDecay { get; init; } = 4e-3;

    /// <summary>
    /// AdamW's decoupled weight decay λ (torch <c>weight_decay</c>), never applied to the bias. The other rules take
    /// an L2 penalty through the gradient instead (<see cref="UpdateRules.AddL2{T}"/>, which spares the bias too), so a
    /// non-zero value is refused for them.
    /// </summary>
    public double WeightDecay { get; init; }

    /// <summary>torch.optim 1.13's defaults for <paramref name="kind"/>.</summary>
    public static UpdateSettings For(UpdateRuleKind kind, int features) => kind switch
    {
        UpdateRuleKind.Momentum or UpdateRuleKind.Nesterov => new(kind, features) { Momentum = 0.9 },
        UpdateRuleKind.Adagrad => new(kind, features) { Eps = 1e-10 },
        UpdateRuleKind.RmsProp => new(kind, features) { Rho = 0.99 },
        UpdateRuleKind.AdamW => new(kind, features) { WeightDecay = 1e-2 },
        UpdateRuleKind.Adadelta => new(kind, features) { Rho = 0.9, Eps = 1e-6 },
        _ => new(kind, features),
    };

    /// <summary>torch.optim 1.13's default learning rate for <paramref name="kind"/>; SGD has none (NaN).</summary>
    public static double DefaultRate(UpdateRuleKind kind) => kind switch
    {
        UpdateRuleKind.Adagrad or UpdateRuleKind.RmsProp => 1e-2,
        UpdateRuleKind.Adam or UpdateRuleKind.AdamW or UpdateRuleKind.RAdam => 1e-3,
        UpdateRuleKind.NAdam or UpdateRuleKind.Adamax => 2e-3,
        UpdateRuleKind.Adadelta => 1.0,
        _ => double.NaN,
    };
}
