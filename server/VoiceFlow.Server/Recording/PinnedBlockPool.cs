using System.Collections.Concurrent;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// Arrays of exact lengths reused across takes, allocated on the pinned object heap as Kestrel's memory pool does.
/// Pooled arrays live as long as the node; allocated young, every collection until they reach the oldest generation
/// would copy them (tens of megabytes on a node with hundreds of takes, the longest pause a node just started under
/// load meets). Pinned, the collector never copies them.
/// Lock-free on both sides: hub threads rent and storage threads (below the hubs' priority) return, and a lock the
/// two shared would let a storage thread that was preempted holding it stall a hub thread.
/// </summary>
internal sealed class PinnedBlockPool<T>(int maxPerLength) where T : unmanaged
{
    private readonly ConcurrentDictionary<int, Blocks> _byLength = new();

    /// <summary>
    /// An array of exactly <paramref name="length"/> elements, with whatever it held before. Past
    /// <c>maxPerLength</c> pinned arrays of a length (more than a node has in flight), ordinary ones: the pinned object
    /// heap is swept only by full collections, so what it holds must stay bounded.
    /// </summary>
    public T[] Rent(int length)
    {
        var blocks = _byLength.GetOrAdd(length, static _ => new Blocks());
        return blocks.TryTake(out var block) ? block : blocks.Allocate(length, maxPerLength);
    }

    /// <summary>
    /// Keeps <paramref name="block"/> for <see cref="Rent"/>, unless <c>maxPerLength</c> of its length are idle or it is
    /// an ordinary array still young: kept, it would be copied by the next collections, and dropped it dies young.
    /// </summary>
    public void Return(T[] block)
    {
        if (GC.GetGeneration(block) == GC.MaxGeneration)
        {
            _byLength.GetOrAdd(block.Length, static _ => new Blocks()).TryKeep(block, maxPerLength);
        }
    }

    /// <summary>Arrays of one length this pool has allocated on the pinned object heap, idle or rented.</summary>
    public int PinnedCount(int length) => _byLength.TryGetValue(length, out var blocks) ? Volatile.Read(ref blocks.Pinned) : 0;

    private sealed class Blocks
    {
        private readonly ConcurrentQueue<T[]> _idle = new();
        private int _idleCount;

        // Never decremented: a pinned array dropped under overload stays on the pinned heap until a full collection,
        // so the count bounds what the pool ever puts there.
        public int Pinned;

        public bool TryTake(out T[] block)
        {
            if (_idle.TryDequeue(out block!))
            {
                Interlocked.Decrement(ref _idleCount);
                return true;
            }

            return false;
        }

        public T[] Allocate(int length, int maxPinned)
        {
            if (Interlocked.Increment(ref Pinned) <= maxPinned)
            {
                return GC.AllocateUninitializedArray<T>(length, pinned: true);
            }

            Interlocked.Decrement(ref Pinned);
            return new T[length];
        }

        public void TryKeep(T[] block, int maxIdle)
        {
            if (Interlocked.Increment(ref _idleCount) > maxIdle)
            {
                Interlocked.Decrement(ref _idleCount);
                return;
            }

            _idle.Enqueue(block);
        }
    }
}
