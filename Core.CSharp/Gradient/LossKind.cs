namespace Descent.Core;

/// <summary>
/// Which loss a linear model is trained with, and so how its targets are encoded (one column per output):
/// <list type="bullet">
/// <item><see cref="SquaredError"/>, <see cref="LogLoss"/>: y ∈ {0, 1} per sigmoid unit.</item>
/// <item>the margin losses (<see cref="Hinge"/> with one output, <see cref="SquaredHinge"/>, <see cref="ModifiedHuber"/>,
/// <see cref="Perceptron"/>, one output or one-vs-rest): the signed weight t = c·(2y − 1), c &gt; 0 the row's weight
/// (1 without class weights), so |t| = c and sign(t) = t of the lesson's ±1.</item>
/// <item>the losses over a row's K scores together (<see cref="Softmax"/>, <see cref="Hinge"/> with K &gt; 1 outputs):
/// the weighted one-hot row Y_k = c·[k = y].</item>
/// </list>
/// Every loss is a sum over rows of c·ℓ(row); subgradients are 0 at a kink.
/// </summary>
public enum LossKind
{
    /// <summary>Sum of squared errors Σ (σ(z) − y)², the lesson's loss.</summary>
    SquaredError,
    /// <summary>Binary cross-entropy −Σ [y log σ(z) + (1 − y) log(1 − σ(z))].</summary>
    LogLoss,
    /// <summary>Multinomial cross-entropy −Σ c·log softmax(z)_y over K outputs (torch's <c>cross_entropy</c>).</summary>
    Softmax,
    /// <summary>One output: c·max(0, 1 − t·z); K outputs: Weston–Watkins c·Σ_{j≠y} max(0, z_j − z_y + 1).</summary>
    Hinge,
    /// <summary>c·max(0, 1 − t·z)² per output.</summary>
    SquaredHinge,
    /// <summary>scikit-learn's modified Huber per output: c·max(0, 1 − t·z)² for t·z ≥ −1, else −4·c·t·z.</summary>
    ModifiedHuber,
    /// <summary>c·max(0, −t·z) per output.</summary>
    Perceptron,
}

/// <summary>What a <see cref="LossKind"/> needs of its kernel and its targets.</summary>
public static class LossKinds
{
    /// <summary>Whether the loss takes a row's K scores together (softmax, the multi-class hinge) rather than each output apart.</summary>
    public static bool IsRowWise(LossKind loss, int outputs) => loss == LossKind.Softmax || (loss == LossKind.Hinge && outputs > 1);

    /// <summary>Whether the targets are signed weights ±c (the margin losses, one output or one-vs-rest).</summary>
    public static bool IsMargin(LossKind loss, int outputs) =>
        loss is LossKind.SquaredHinge or LossKind.ModifiedHuber or LossKind.Perceptron || (loss == LossKind.Hinge && outputs == 1);
}
