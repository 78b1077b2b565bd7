namespace Descent.Core;

/// <summary>
/// A copy of an update rule's state at one moment, in double whatever the rule's element type (float values convert
/// exactly): its step count, its state arrays (velocity, moments, accumulators; as many as the rule keeps, each of the
/// weights' length) and its scalars (NAdam's μ product). <see cref="IUpdateRule{T}.SaveState"/> makes one and
/// <see cref="IUpdateRule{T}.LoadState"/> puts one back, so a rule can be stepped from a state training passed through
/// without disturbing the training.
/// </summary>
public sealed class UpdateRuleState(int steps, double[][] arrays, double[] scalars)
{
    public int Steps { get; } = steps;
    public double[][] Arrays { get; } = arrays;
    public double[] Scalars { get; } = scalars;

    /// <summary>The same step count and scalars with every state array zero: what the rule carries only by counting.</summary>
    public UpdateRuleState WithArraysZeroed() =>
        new(Steps, Array.ConvertAll(Arrays, a => new double[a.Length]), (double[])Scalars.Clone());
}
