namespace Descent.Core;

/// <summary>The element types the kernels accept (double and float), checked where a kernel or engine starts.</summary>
internal static class Element
{
    public static void EnsureSupported<T>()
    {
        if (typeof(T) != typeof(double) && typeof(T) != typeof(float))
            throw new NotSupportedException($"{typeof(T).Name} is not supported; use double or float.");
    }
}
