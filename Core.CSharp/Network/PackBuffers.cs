namespace Descent.Core;

/// <summary>
/// One thread's packing space for the blocked product, allocated once and pinned (so its pointers stay valid): a block
/// of A (<see cref="BlockedProduct{T}.BlockRows"/> × <see cref="BlockedProduct{T}.BlockDepth"/>), a block of B
/// (<see cref="BlockedProduct{T}.BlockDepth"/> × <see cref="BlockedProduct{T}.BlockColumns"/>) and one edge tile.
/// </summary>
internal sealed unsafe class PackBuffers<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    // 64 elements of slack: a 512-bit float tile is 8 × 32, and the B block is rounded up to whole panels.
    readonly T[] _a = GC.AllocateArray<T>(BlockedProduct<T>.BlockRows * BlockedProduct<T>.BlockDepth + 64, pinned: true);
    readonly T[] _b = GC.AllocateArray<T>(BlockedProduct<T>.BlockDepth * (BlockedProduct<T>.BlockColumns + 64) + 64, pinned: true);
    readonly T[] _tile = GC.AllocateArray<T>(MicroKernel.Rows * 64, pinned: true);

    public T* A => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_a));
    public T* B => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_b));
    public T* Tile => (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_tile));
}
