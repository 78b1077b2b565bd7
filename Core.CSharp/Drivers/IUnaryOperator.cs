namespace Descent.Core;

/// <summary>
/// An element-wise operation y = f(x), as in TensorPrimitives: a vector form the driver <see cref="Unary"/> runs over
/// a span, and a scalar form for one value.
/// </summary>
public interface IUnaryOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>f on every lane.</summary>
    static abstract Vector256<T> Invoke(Vector256<T> x);

    /// <summary>f on one value; an operator whose span form must agree with it bit for bit runs its vector code on one lane.</summary>
    static abstract T Invoke(T x);
}
