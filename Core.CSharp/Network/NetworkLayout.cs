namespace Descent.Core;

/// <summary>
/// The shape of a network and where its weights live in one flat buffer. <see cref="Sizes"/> are n_0 (the features,
/// bias column not counted), the hidden widths, then K outputs; layer l (0-based) holds W_l of (n_l + 1) × n_{l+1},
/// row-major, its bias row last, and the layers follow one another. So the bias entries of layer l are the
/// n_{l+1} entries from <see cref="BiasStart"/>(l), and its non-bias entries the n_l·n_{l+1} entries from
/// <see cref="Offset"/>(l) (<see cref="NonBias"/>): the penalties and AdamW's decay act on exactly those ranges.
/// </summary>
public sealed class NetworkLayout
{
    readonly int[] _sizes, _offsets;

    public NetworkLayout(params int[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        if (sizes.Length < 2) throw new ArgumentException("A network needs the input size and at least the output size.", nameof(sizes));
        foreach (var s in sizes) ArgumentOutOfRangeException.ThrowIfLessThan(s, 1, nameof(sizes));
        _sizes = (int[])sizes.Clone();
        _offsets = new int[sizes.Length];
        long total = 0;
        for (int l = 0; l + 1 < sizes.Length; l++)
        {
            _offsets[l] = (int)total;
            total += (long)(sizes[l] + 1) * sizes[l + 1];
            if (total > Array.MaxLength) throw new ArgumentException($"{total} weights do not fit one array.", nameof(sizes));
        }
        _offsets[^1] = (int)total;
        WeightCount = (int)total;
    }

    /// <summary>n_0 (features without the bias), the hidden widths, K.</summary>
    public ReadOnlySpan<int> Sizes => _sizes;

    /// <summary>Layers with weights (hidden layers + 1).</summary>
    public int Layers => _sizes.Length - 1;

    /// <summary>Columns of the input rows, the bias column included: n_0 + 1.</summary>
    public int InputColumns => _sizes[0] + 1;

    /// <summary>K, the scores the loss reads.</summary>
    public int Outputs => _sizes[^1];

    /// <summary>Every layer's weights together.</summary>
    public int WeightCount { get; }

    /// <summary>Rows of W_l: n_l + 1 (the last is the bias row).</summary>
    public int Rows(int layer) => _sizes[layer] + 1;

    /// <summary>Columns of W_l: n_{l+1}.</summary>
    public int Columns(int layer) => _sizes[layer + 1];

    /// <summary>Where W_l starts in the flat buffer.</summary>
    public int Offset(int layer) => _offsets[layer];

    /// <summary>Where W_l's bias row starts.</summary>
    public int BiasStart(int layer) => _offsets[layer] + _sizes[layer] * _sizes[layer + 1];

    /// <summary>W_l's non-bias entries: a contiguous range (its first n_l rows).</summary>
    public (int Start, int Length) NonBias(int layer) => (_offsets[layer], _sizes[layer] * _sizes[layer + 1]);

    /// <summary>Whether flat index <paramref name="index"/> is in a bias row.</summary>
    public bool IsBias(int index)
    {
        for (int l = 0; l < Layers; l++)
            if (index < _offsets[l + 1]) return index >= BiasStart(l);
        throw new ArgumentOutOfRangeException(nameof(index), index, $"The network has {WeightCount} weights.");
    }

    /// <summary>
    /// The reference's initial weights: from one generator, layer after layer, W_l = randn(n_l + 1, n_{l+1}) / √n_l
    /// (numpy's <c>RandomState(seed).randn</c> fills row-major, as W_l is laid out).
    /// </summary>
    public void FillInitialWeights(RandomState rng, Span<double> weights)
    {
        ArgumentNullException.ThrowIfNull(rng);
        if (weights.Length != WeightCount) throw new ArgumentException($"{weights.Length} weights; the network has {WeightCount}.", nameof(weights));
        for (int l = 0; l < Layers; l++)
        {
            var layer = weights.Slice(Offset(l), Rows(l) * Columns(l));
            rng.FillStandardNormal(layer);
            double scale = Math.Sqrt(_sizes[l]);
            for (int i = 0; i < layer.Length; i++) layer[i] /= scale;
        }
    }

    public override string ToString() => string.Join("-", _sizes);
}
