namespace Descent.Core;

/// <summary>
/// torch <c>clip_grad_norm_</c> (2-norm) over the whole gradient, every weight and bias of every output:
/// <c>g ← g · min(1, C / (‖g‖₂ + 1e−6))</c>.
/// </summary>
public static class GradientClipping
{
    /// <summary>Scales <paramref name="g"/> in place when its norm exceeds about <paramref name="maxNorm"/>; returns ‖g‖₂ before.</summary>
    public static double ByNorm<T>(Span<T> g, double maxNorm) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        if (!(maxNorm > 0)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "The maximum norm must be positive.");
        double squares = 0;
        foreach (var v in g)
        {
            double d = double.CreateTruncating(v);
            squares += d * d;
        }
        double norm = Math.Sqrt(squares), coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1)
            Update.Apply(new ScaleStep<T>(T.CreateTruncating(coefficient)), g, g, default, default, default);
        return norm;
    }
}
