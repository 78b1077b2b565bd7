using System.Numerics;

namespace Descent.Core;

/// <summary>Forward pass for prediction: scores Z = X·W and probabilities σ(Z), one column per output.</summary>
public static class Prediction
{
    /// <summary>Writes Z = X·W column-major (<c>scores[k·rows + i]</c>); W is class-major.</summary>
    public static void Scores<T>(ColumnMajorRows<T> x, ReadOnlySpan<T> w, int outputs, Span<T> scores) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int d = x.Columns, n = x.Rows;
        if (w.Length != d * outputs) throw new ArgumentException($"W has {w.Length} elements; {d}×{outputs} expected.", nameof(w));
        if (scores.Length < n * outputs) throw new ArgumentException($"Scores need {n * outputs} elements.", nameof(scores));
        for (int k = 0; k < outputs; k++)
            FusedGradient.Scores(x, w.Slice(k * d, d), scores.Slice(k * n, n));
    }

    /// <summary>Writes σ(X·W) column-major.</summary>
    public static void Probabilities<T>(ColumnMajorRows<T> x, ReadOnlySpan<T> w, int outputs, Span<T> probabilities) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        Scores(x, w, outputs, probabilities);
        var all = probabilities.Slice(0, x.Rows * outputs);
        Sigmoid.Apply((ReadOnlySpan<T>)all, all);
    }
}

/// <summary>Finite-value checks for divergence detection.</summary>
public static class Finite
{
    /// <summary>True when every element is neither NaN nor infinite.</summary>
    public static bool All<T>(ReadOnlySpan<T> values) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        foreach (var v in values)
            if (!T.IsFinite(v)) return false;
        return true;
    }
}
