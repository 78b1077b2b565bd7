namespace Descent.Core;

/// <summary>
/// What every rule shares: the layout, the step count, the argument checks, and state arrays of the weights' length
/// allocated once. A rule implements <see cref="Apply"/> for step t (counted from 1) by running its operator on the
/// <see cref="Update"/> driver.
/// </summary>
public abstract class UpdateRuleBase<T> : IUpdateRule<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    readonly T[][] _state;

    protected UpdateRuleBase(UpdateSettings settings, int length, int states)
    {
        ArgumentNullException.ThrowIfNull(settings);
        Element.EnsureSupported<T>();
        if (settings.Features < 1 || length < 0 || length % settings.Features != 0)
            throw new ArgumentException($"{length} weights are not a whole number of outputs of {settings.Features} features.", nameof(length));
        Settings = settings;
        Length = length;
        _state = new T[states][];
        for (int q = 0; q < states; q++) _state[q] = new T[length];
    }

    public UpdateSettings Settings { get; }
    public UpdateRuleKind Kind => Settings.Kind;
    public int Length { get; }
    public int Steps { get; private set; }

    /// <summary>State array <paramref name="q"/> (empty when the rule keeps fewer).</summary>
    protected Span<T> State(int q) => q < _state.Length ? _state[q] : default;

    // A rule steps once per batch: its step and every rule's Apply are compiled fully optimized from the first call,
    // not left to tiered compilation through a short run's batches.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(Span<T> w, ReadOnlySpan<T> g, T rate)
    {
        if (w.Length != Length) throw new ArgumentException($"{w.Length} weights; the rule was made for {Length}.", nameof(w));
        if (g.Length != Length) throw new ArgumentException($"{g.Length} gradient elements; the rule was made for {Length}.", nameof(g));
        Steps++;
        Apply(w, g, double.CreateTruncating(rate), Steps);
    }

    public virtual void Reset()
    {
        Steps = 0;
        foreach (var s in _state) Array.Clear(s);
    }

    /// <summary>A saved state holds the arrays this rule's variant reads; the others are saved empty (they stay zero).</summary>
    public UpdateRuleState SaveState() =>
        new(Steps, Enumerable.Range(0, _state.Length).Select(q => Reads(q) ? Array.ConvertAll(_state[q], double.CreateTruncating) : []).ToArray(),
            SaveScalars());

    public void LoadState(UpdateRuleState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Arrays.Length != _state.Length || Array.Exists(state.Arrays, a => a.Length != Length && a.Length != 0))
            throw new ArgumentException($"The state holds {state.Arrays.Length} arrays; this {Kind} rule keeps {_state.Length} of {Length}.", nameof(state));
        for (int q = 0; q < _state.Length; q++)
        {
            var saved = state.Arrays[q];
            if (saved.Length == 0) Array.Clear(_state[q]);
            else for (int i = 0; i < Length; i++) _state[q][i] = T.CreateTruncating(saved[i]);
        }
        LoadScalars(state.Scalars);
        Steps = state.Steps;
    }

    /// <summary>Whether this rule's variant reads state array <paramref name="q"/> (AMSGrad's maximum, RMSprop's mean and buffer may be unused).</summary>
    protected virtual bool Reads(int q) => true;

    /// <summary>State a rule keeps outside its arrays (NAdam's μ product); none by default.</summary>
    protected virtual double[] SaveScalars() => [];

    /// <summary>Puts back what <see cref="SaveScalars"/> saved.</summary>
    protected virtual void LoadScalars(double[] scalars) { }

    /// <summary>Step <paramref name="t"/> (from 1) at learning rate <paramref name="rate"/>.</summary>
    protected abstract void Apply(Span<T> w, ReadOnlySpan<T> g, double rate, int t);

    /// <summary>A per-step scalar (computed in double, as torch computes them in Python floats) in the element type.</summary>
    protected static T Of(double value) => T.CreateTruncating(value);

    /// <summary>The check torch makes on a hyperparameter, with its message.</summary>
    protected static void Require(bool ok, string message)
    {
        if (!ok) throw new ArgumentOutOfRangeException(null, message);
    }
}
