using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// Stored (resampled) audio waiting to be written, as 16-bit samples in a byte block. The blocks come from a pinned
/// pool: every take in progress holds one for its whole length, so allocating them per take would hand the GC
/// objects that live just long enough to be copied between generations.
/// </summary>
internal sealed class StagedAudio : IBufferWriter<short>, IDisposable
{
    // One block per take in progress. A block outgrown (rare: the take writer writes a block out once it is half
    // full) is replaced by one of the next power of two, so the pool sees few lengths.
    private const int MaxPerLength = 1024;

    private static readonly PinnedBlockPool<byte> Blocks = new(MaxPerLength);

    private byte[] _block;
    private int _bytes;

    public StagedAudio(int capacityBytes) => _block = Blocks.Rent(capacityBytes);

    public int Bytes => _bytes;

    public ReadOnlyMemory<byte> Written => _block.AsMemory(0, _bytes);

    public void Clear() => _bytes = 0;

    public void Advance(int count) => _bytes += count * sizeof(short);

    public Span<short> GetSpan(int sizeHint = 0)
    {
        Reserve(sizeHint);
        return MemoryMarshal.Cast<byte, short>(_block.AsSpan(_bytes));
    }

    public Memory<short> GetMemory(int sizeHint = 0) => throw new NotSupportedException("Samples are staged through GetSpan.");

    public void Dispose()
    {
        if (_block.Length > 0)
        {
            Blocks.Return(_block);
            _block = [];
        }
    }

    private void Reserve(int samples)
    {
        int needed = _bytes + (Math.Max(samples, 1) * sizeof(short));
        if (needed > _block.Length)
        {
            var larger = Blocks.Rent((int)BitOperations.RoundUpToPowerOf2((uint)needed));
            _block.AsSpan(0, _bytes).CopyTo(larger);
            Blocks.Return(_block);
            _block = larger;
        }
    }
}
