namespace Descent.Core;

/// <summary>
/// Forward pass for prediction: scores Z = X·W, one column per output, by the fused gradient's own score loop, so a
/// prediction's scores are training's bit for bit (probabilities: <see cref="Sigmoid.Apply{T}"/> over them).
/// </summary>
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
}
