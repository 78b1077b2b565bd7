namespace Descent.Core;

/// <summary>Decoupled weight decay over every weight but the bias (the last of each output's <c>features</c>).</summary>
internal static class WeightDecay
{
    public static void Decoupled<T>(Span<T> w, T factor, int features) where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        var scale = new ScaleStep<T>(factor);
        for (int start = 0; start < w.Length; start += features)
        {
            var weights = w.Slice(start, features - 1);
            Update.Apply(scale, weights, weights, default, default, default);
        }
    }
}
