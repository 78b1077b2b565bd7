namespace Descent.Core;

/// <summary>The activation of a network's hidden layers (<see cref="IActivationOperator{T}"/>).</summary>
public enum ActivationKind
{
    /// <summary>max(z, 0) (<see cref="ReluOperator{T}"/>).</summary>
    Relu,
    /// <summary>tanh z (<see cref="TanhOperator{T}"/>).</summary>
    Tanh,
    /// <summary>σ(z) = 1 / (1 + e^−z) (<see cref="SigmoidActivation{T}"/>).</summary>
    Sigmoid,
}
