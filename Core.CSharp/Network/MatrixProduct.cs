namespace Descent.Core;

/// <summary>
/// Dense matrix products over row-major spans in the three forms backpropagation needs — C = A·B, C = Aᵀ·B and
/// C = A·Bᵀ — blocked for the cache around a register-blocked FMA micro-kernel (<see cref="BlockedProduct{T}"/>,
/// <see cref="MicroKernel"/>), 512-bit vectors where the processor runs them, else 256-bit. A product large enough
/// (<see cref="ParallelWork"/> multiply-adds) is split over the threads by whole tiles of C; each element is computed
/// the same way whichever thread computes it, so results are the same bits for any thread count (and either width).
/// An instance owns its packing space and worker threads, allocated when it is made: products allocate nothing.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed unsafe class MatrixProduct<T> : IDisposable where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Multiply-adds (m·n·k) from which a product is split over the threads.</summary>
    public const long ParallelWork = 1L << 18;

    readonly PackBuffers<T> _own = new();
    readonly ProductWorkers<T>? _workers;
    readonly bool _wide, _inPlace;

    /// <summary>Products on up to <paramref name="threads"/> threads (the caller's and threads − 1 workers).</summary>
    public MatrixProduct(int threads = 1) : this(threads, Vector512.IsHardwareAccelerated) { }

    /// <summary>
    /// As the public constructor, with the vector width chosen (tests run both) and whether products below
    /// <see cref="ParallelWork"/> may read operands in place (tests compare with always packing).
    /// </summary>
    internal MatrixProduct(int threads, bool wide, bool inPlace = true)
    {
        _inPlace = inPlace;
        Element.EnsureSupported<T>();
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (wide && !Vector512.IsHardwareAccelerated) throw new PlatformNotSupportedException("512-bit vectors are not accelerated here.");
        Threads = threads;
        _wide = wide;
        _workers = threads > 1 ? new ProductWorkers<T>(threads - 1) : null;
    }

    public int Threads { get; }

    /// <summary>Whether the products run on 512-bit vectors.</summary>
    public bool Wide => _wide;

    /// <summary>Bytes the worker threads allocated while computing (zero once their buffers exist).</summary>
    public long WorkerAllocatedBytes => _workers?.AllocatedBytes ?? 0;

    /// <summary>C = A·B (or C += A·B when <paramref name="accumulate"/>): A m×k (rows <paramref name="lda"/> apart), B k×n (<paramref name="ldb"/>), C m×n (<paramref name="ldc"/>).</summary>
    public void Multiply(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate = false)
    {
        Check(m, k, a, lda, nameof(a));
        Check(k, n, b, ldb, nameof(b));
        Check(m, n, c, ldc, nameof(c));
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
            Run(m, n, k, new MatrixOperand<T>(pa, lda, 1), new MatrixOperand<T>(pb, ldb, 1), pc, ldc, accumulate);
    }

    /// <summary>C = Aᵀ·B (or +=): A stored k×m (rows <paramref name="lda"/> apart), B k×n, C m×n.</summary>
    public void MultiplyTransposedA(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate = false)
    {
        Check(k, m, a, lda, nameof(a));
        Check(k, n, b, ldb, nameof(b));
        Check(m, n, c, ldc, nameof(c));
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
            Run(m, n, k, new MatrixOperand<T>(pa, 1, lda), new MatrixOperand<T>(pb, ldb, 1), pc, ldc, accumulate);
    }

    /// <summary>C = A·Bᵀ (or +=): A m×k, B stored n×k (rows <paramref name="ldb"/> apart), C m×n.</summary>
    public void MultiplyTransposedB(int m, int n, int k, ReadOnlySpan<T> a, int lda, ReadOnlySpan<T> b, int ldb, Span<T> c, int ldc, bool accumulate = false)
    {
        Check(m, k, a, lda, nameof(a));
        Check(n, k, b, ldb, nameof(b));
        Check(m, n, c, ldc, nameof(c));
        fixed (T* pa = a) fixed (T* pb = b) fixed (T* pc = c)
            Run(m, n, k, new MatrixOperand<T>(pa, lda, 1), new MatrixOperand<T>(pb, 1, ldb), pc, ldc, accumulate);
    }

    /// <summary>The product over pinned strided operands (the callers' spans are pinned for its duration).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal void Run(int m, int n, int k, MatrixOperand<T> a, MatrixOperand<T> b, T* c, nint ldc, bool accumulate)
    {
        if (m == 0 || n == 0) return;
        int parts = _workers is null || (long)m * n * k < ParallelWork ? 1 : Threads;
        bool small = (long)m * n * k < ParallelWork;
        var task = new BlockedProduct<T>(m, n, k, a, b, c, ldc, accumulate, parts, _wide, _inPlace && small);
        if (parts == 1) task.Part(0, _own);
        else _workers!.Run(task, _own);
    }

    /// <summary>Rows × columns with rows <paramref name="ld"/> apart fit in the span.</summary>
    static void Check(int rows, int columns, ReadOnlySpan<T> span, int ld, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows, name);
        ArgumentOutOfRangeException.ThrowIfNegative(columns, name);
        if (rows > 0 && columns > 0 && (ld < columns || (long)(rows - 1) * ld + columns > span.Length))
            throw new ArgumentException($"A {rows}×{columns} matrix with rows {ld} apart does not fit {span.Length} elements.", name);
    }

    /// <summary>Waits until the worker threads have ended (after <see cref="Dispose"/>); false on timeout.</summary>
    internal bool JoinWorkers(TimeSpan timeout) => _workers?.Join(timeout) ?? true;

    /// <summary>Stops the worker threads, if any.</summary>
    public void Dispose()
    {
        _workers?.Stop();
        GC.SuppressFinalize(this);
    }

    ~MatrixProduct() => _workers?.Stop();
}
