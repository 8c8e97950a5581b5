using System.Collections.Concurrent;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// Blocks of received samples on their way from a hub thread to a storage thread, reused across takes. A busy node
/// has a few blocks per take in flight; new ones per take would live just long enough (the length of a take) to be
/// copied between generations at every collection, tens of megabytes of pause on a node with hundreds of takes.
/// Pooled blocks settle in the oldest generation once and cost the collector nothing after that.
/// Lock-free on both sides: hub threads rent and storage threads (below the hubs' priority) return, and a lock the
/// two shared would let a storage thread that was preempted holding it stall a hub thread.
/// </summary>
internal static class SampleBlockPool
{
    // Idle blocks kept per length: more than a node's takes have in flight (about two each), far fewer than a
    // node's takes could hold at once while storage catches up (twenty each); those are allocated and dropped.
    private const int MaxIdlePerLength = 2048;

    private static readonly ConcurrentDictionary<int, IdleBlocks> Idle = new();

    /// <summary>A block of exactly <paramref name="length"/> samples, with whatever it held before.</summary>
    public static short[] Rent(int length) =>
        Idle.TryGetValue(length, out var idle) && idle.TryTake(out var block) ? block : new short[length];

    public static void Return(short[] block)
    {
        var idle = Idle.GetOrAdd(block.Length, static _ => new IdleBlocks());
        idle.TryKeep(block);
    }

    private sealed class IdleBlocks
    {
        private readonly ConcurrentQueue<short[]> _blocks = new();
        private int _count;

        public bool TryTake(out short[] block)
        {
            if (_blocks.TryDequeue(out block!))
            {
                Interlocked.Decrement(ref _count);
                return true;
            }

            return false;
        }

        public void TryKeep(short[] block)
        {
            if (Interlocked.Increment(ref _count) > MaxIdlePerLength)
            {
                Interlocked.Decrement(ref _count);
                return;
            }

            _blocks.Enqueue(block);
        }
    }
}
