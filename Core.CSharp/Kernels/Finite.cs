namespace Descent.Core;

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
