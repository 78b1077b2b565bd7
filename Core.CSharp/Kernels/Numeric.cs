namespace Descent.Core;

/// <summary>Conversions between double and the kernels' element type, for callers that are not generic-math aware.</summary>
public static class Numeric
{
    public static T FromDouble<T>(double value) where T : unmanaged, IBinaryFloatingPointIeee754<T> => T.CreateTruncating(value);
    public static double ToDouble<T>(T value) where T : unmanaged, IBinaryFloatingPointIeee754<T> => double.CreateTruncating(value);
}
