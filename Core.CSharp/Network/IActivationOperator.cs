namespace Descent.Core;

/// <summary>
/// A hidden layer's activation a = f(z): the forward form is an <see cref="IUnaryOperator{T}"/> (run by
/// <see cref="Unary"/>), and the backward form turns ∂L/∂a into ∂L/∂z = ∂L/∂a · f′(z) with f′ written from the
/// output a alone (the three activations' derivatives are functions of it), so backpropagation reads the stored
/// activations and never keeps z.
/// </summary>
public interface IActivationOperator<T> : IUnaryOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>f′ expressed from the output <paramref name="a"/> = f(z), on every lane.</summary>
    static abstract Vector256<T> Derivative(Vector256<T> a);

    /// <summary>f′ expressed from the output <paramref name="a"/> = f(z), for one value (the vector code on one lane).</summary>
    static abstract T Derivative(T a);
}
