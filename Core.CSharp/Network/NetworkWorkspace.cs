namespace Descent.Core;

/// <summary>
/// A network's loss and gradient over a batch (forward, loss, backward through every layer), with every buffer
/// allocated once here: a call allocates nothing. Activations are kept feature-major — layer l's a_l as n_l + 1 rows
/// of the batch's m values, the last row ones — which is how the training rows already lie (column-major, bias
/// column last), so the input needs no copy:
/// <code>
/// forward   z_lᵀ = W_lᵀ · a_{l−1}ᵀ              (C = Aᵀ·B)   a_lᵀ = [f(z_lᵀ); 1]
/// loss      Σ ℓ(z_L, y), d_L = ∂ℓ/∂z_L           (NetworkLoss: the linear models' per-loss code)
/// backward  G_l = a_{l−1}ᵀ · d_lᵀ                (C = A·Bᵀ)   e = W_l[:n_{l−1}] · d_lᵀ (C = A·B),  d_{l−1} = e ⊙ f′(a_{l−1})
/// </code>
/// Batches longer than <see cref="ChunkRows"/> are taken in chunks of that many rows, a cut that depends on the row
/// count alone, their losses added and their gradients accumulated in chunk order. Products run on
/// <see cref="MatrixProduct{T}"/> (the same bits for any thread count). Not thread-safe: one caller at a time.
/// </summary>
public sealed unsafe class NetworkWorkspace<T> : IDisposable where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Rows per chunk of a long batch.</summary>
    public const int ChunkRows = 2048;

    readonly MatrixProduct<T> _product;
    readonly T[][] _hidden;
    readonly T[] _scores, _delta0, _delta1;
    readonly int _capacity, _stride;

    /// <summary>
    /// A workspace for <paramref name="layout"/> with <paramref name="activation"/> on the hidden layers and
    /// <paramref name="loss"/> at the output, for batches of up to <paramref name="maxRows"/> rows at a time (longer
    /// ones are chunked), its products on up to <paramref name="threads"/> threads.
    /// </summary>
    public NetworkWorkspace(NetworkLayout layout, ActivationKind activation, LossKind loss, int maxRows, int threads = 1)
        : this(layout, activation, loss, maxRows, new MatrixProduct<T>(threads)) { }

    internal NetworkWorkspace(NetworkLayout layout, ActivationKind activation, LossKind loss, int maxRows, MatrixProduct<T> product)
    {
        ArgumentNullException.ThrowIfNull(layout);
        Element.EnsureSupported<T>();
        if (!Enum.IsDefined(activation)) throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation.");
        if (!Enum.IsDefined(loss)) throw new ArgumentOutOfRangeException(nameof(loss), loss, "Unknown loss.");
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRows, 1);
        Layout = layout;
        Activation = activation;
        Loss = loss;
        _product = product;
        _capacity = Math.Min(maxRows, ChunkRows);
        _stride = RowStride(_capacity);
        _hidden = new T[layout.Layers - 1][];
        int widest = 1;
        for (int l = 1; l < layout.Layers; l++)
        {
            _hidden[l - 1] = GC.AllocateArray<T>((layout.Sizes[l] + 1) * _stride, pinned: true);
            widest = Math.Max(widest, layout.Sizes[l]);
        }
        _scores = GC.AllocateArray<T>(layout.Outputs * _stride + layout.Outputs * 8 + 8, pinned: true);
        _delta0 = GC.AllocateArray<T>(widest * _stride, pinned: true);
        _delta1 = GC.AllocateArray<T>(widest * _stride, pinned: true);
    }

    public NetworkLayout Layout { get; }
    public ActivationKind Activation { get; }
    public LossKind Loss { get; }

    /// <summary>Threads the products use.</summary>
    public int Threads => _product.Threads;

    /// <summary>Bytes the product's worker threads allocated (zero once warmed up).</summary>
    public long WorkerAllocatedBytes => _product.WorkerAllocatedBytes;

    /// <summary>The distance between a buffer's rows for a chunk of m rows: m rounded up to 8 (room for a row loss's padded last vector).</summary>
    static int RowStride(int m) => (m + 7) / 8 * 8;

    /// <summary>
    /// The loss Σ ℓ over the rows (returned) and its gradient with respect to every weight (written to
    /// <paramref name="gradient"/>, laid out as the weights). <paramref name="x"/> has the layout's input columns (the
    /// bias column last), <paramref name="targets"/> one column per output encoded as <see cref="LossKind"/> says.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double Compute(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w, Span<T> gradient)
    {
        Check(x, targets, w);
        if (gradient.Length != Layout.WeightCount) throw new ArgumentException($"The gradient has {gradient.Length} elements; the network has {Layout.WeightCount}.", nameof(gradient));
        if (x.Rows == 0) { gradient.Clear(); return 0; }
        double loss = 0;
        fixed (T* px = x.Data) fixed (T* py = targets.Data) fixed (T* pw = w) fixed (T* pg = gradient)
        {
            for (int start = 0; start < x.Rows; start += _capacity)
            {
                int m = Math.Min(_capacity, x.Rows - start);
                T* input = px + x.Start + start;
                Forward(input, x.Stride, m, pw);
                loss += NetworkLoss.Apply(Loss, ref _scores[0], RowStride(m), ref py[targets.Start + start], targets.Stride, Layout.Outputs, m);
                Backward(input, x.Stride, m, pw, pg, accumulate: start > 0);
            }
        }
        return loss;
    }

    /// <summary>The loss Σ ℓ over the rows, forward only.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public double LossOf(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w)
    {
        Check(x, targets, w);
        double loss = 0;
        fixed (T* px = x.Data) fixed (T* py = targets.Data) fixed (T* pw = w)
        {
            for (int start = 0; start < x.Rows; start += _capacity)
            {
                int m = Math.Min(_capacity, x.Rows - start);
                Forward(px + x.Start + start, x.Stride, m, pw);
                loss += NetworkLoss.Apply(Loss, ref _scores[0], RowStride(m), ref py[targets.Start + start], targets.Stride, Layout.Outputs, m);
            }
        }
        return loss;
    }

    /// <summary>
    /// The output scores z_L of the rows into <paramref name="scores"/>, column-major as the targets are (output k's
    /// scores at <c>k·x.Rows</c>).
    /// </summary>
    public void Scores(ColumnMajorRows<T> x, ReadOnlySpan<T> w, Span<T> scores)
    {
        if (x.Columns != Layout.InputColumns) throw new ArgumentException($"Expected {Layout.InputColumns} columns (the bias last), got {x.Columns}.", nameof(x));
        if (w.Length != Layout.WeightCount) throw new ArgumentException($"W has {w.Length} elements; the network has {Layout.WeightCount}.", nameof(w));
        if (scores.Length < x.Rows * Layout.Outputs) throw new ArgumentException($"Scores need {x.Rows * Layout.Outputs} elements.", nameof(scores));
        fixed (T* px = x.Data) fixed (T* pw = w)
        {
            for (int start = 0; start < x.Rows; start += _capacity)
            {
                int m = Math.Min(_capacity, x.Rows - start), stride = RowStride(m);
                Forward(px + x.Start + start, x.Stride, m, pw);
                for (int k = 0; k < Layout.Outputs; k++)
                    _scores.AsSpan(k * stride, m).CopyTo(scores.Slice(k * x.Rows + start, m));
            }
        }
    }

    void Check(ColumnMajorRows<T> x, ColumnMajorRows<T> targets, ReadOnlySpan<T> w)
    {
        if (x.Columns != Layout.InputColumns) throw new ArgumentException($"Expected {Layout.InputColumns} columns (the bias last), got {x.Columns}.", nameof(x));
        if (targets.Columns != Layout.Outputs) throw new ArgumentException($"Expected {Layout.Outputs} target columns, got {targets.Columns}.", nameof(targets));
        if (targets.Rows != x.Rows) throw new ArgumentException($"{targets.Rows} target rows for {x.Rows} rows of X.", nameof(targets));
        if (w.Length != Layout.WeightCount) throw new ArgumentException($"W has {w.Length} elements; the network has {Layout.WeightCount}.", nameof(w));
    }

    /// <summary>Every layer's z and a for m rows whose input rows are <paramref name="xStride"/> apart; the scores end in _scores.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Forward(T* input, int xStride, int m, T* w)
    {
        int stride = RowStride(m), layers = Layout.Layers;
        T* a = input;
        nint lda = xStride;
        for (int l = 0; l < layers; l++)
        {
            int rows = Layout.Rows(l), cols = Layout.Columns(l);
            bool output = l == layers - 1;
            T* z = output ? Pin(_scores) : Pin(_hidden[l]);
            // z_lᵀ (cols × m) = W_lᵀ (W_l stored rows × cols) · a_{l−1}ᵀ (rows × m).
            _product.Run(cols, m, rows, new MatrixOperand<T>(w + Layout.Offset(l), 1, cols), new MatrixOperand<T>(a, lda, 1), z, stride, accumulate: false);
            if (!output)
            {
                var values = new Span<T>(z, cols * stride);
                Descent.Core.Activation.Forward(Activation, values, values);
                new Span<T>(z + cols * stride, m).Fill(T.One);
                a = z;
                lda = stride;
            }
        }
    }

    /// <summary>
    /// Every layer's gradient from the output's derivatives in _scores, written (or, for a batch's later chunks,
    /// added) at its place in <paramref name="g"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    void Backward(T* input, int xStride, int m, T* w, T* g, bool accumulate)
    {
        int stride = RowStride(m);
        T* d = Pin(_scores);
        T* spare = Pin(_delta0), other = Pin(_delta1);
        for (int l = Layout.Layers - 1; l >= 0; l--)
        {
            int rows = Layout.Rows(l), cols = Layout.Columns(l);
            T* a = l == 0 ? input : Pin(_hidden[l - 1]);
            nint lda = l == 0 ? xStride : stride;
            // G_l (rows × cols) = a_{l−1}ᵀ (rows × m) · d_lᵀ (d_l stored cols × m)ᵀ.
            _product.Run(rows, cols, m, new MatrixOperand<T>(a, lda, 1), new MatrixOperand<T>(d, 1, stride), g + Layout.Offset(l), cols, accumulate);
            if (l == 0) break;
            // e (n_{l−1} × m) = W_l's first n_{l−1} rows (× cols) · d_l (cols × m); then d_{l−1} = e ⊙ f′(a_{l−1}).
            int n = rows - 1;
            _product.Run(n, m, cols, new MatrixOperand<T>(w + Layout.Offset(l), cols, 1), new MatrixOperand<T>(d, stride, 1), spare, stride, accumulate: false);
            Descent.Core.Activation.Backward(Activation, new ReadOnlySpan<T>(a, n * stride), new Span<T>(spare, n * stride));
            d = spare;
            spare = other;
            other = d;
        }
    }

    static T* Pin(T[] pinned) => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(pinned));

    /// <summary>Stops the products' worker threads, if any.</summary>
    public void Dispose() => _product.Dispose();
}
