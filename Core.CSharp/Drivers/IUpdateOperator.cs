namespace Descent.Core;

/// <summary>
/// One lane-wise parameter update, run over the weights by the driver <see cref="Update"/>: from a weight w, its
/// gradient g and up to three state values of the same position (velocity, moments, accumulators), the new weight
/// (returned) and the new state (written back through the refs). The operator's fields carry the step's scalars
/// (rate, bias corrections), fixed for one call of the driver.
/// </summary>
public interface IUpdateOperator<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>How many of the state vectors (0 to 3) the rule reads and writes; the driver loads only those.</summary>
    static abstract int States { get; }

    Vector256<T> Invoke(Vector256<T> w, Vector256<T> g, ref Vector256<T> s0, ref Vector256<T> s1, ref Vector256<T> s2);
}
