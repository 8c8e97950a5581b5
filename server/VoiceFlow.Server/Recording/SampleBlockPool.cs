namespace VoiceFlow.Server.Recording;

/// <summary>
/// Blocks of received samples on their way from a hub thread to a storage thread, reused across takes. A busy node
/// has a few blocks per take in flight; new ones per take would live just long enough (the length of a take) to be
/// copied between generations at every collection.
/// </summary>
internal static class SampleBlockPool
{
    // Pinned blocks per length: two seconds of audio (the most a take queues while storage catches up) for each of
    // 200 takes, 39 MB at 48 kHz. Past that, ordinary blocks that are dropped when they come back.
    private const int MaxPerLength = 4096;

    private static readonly PinnedBlockPool<short> Blocks = new(MaxPerLength);

    /// <summary>A block of exactly <paramref name="length"/> samples, with whatever it held before.</summary>
    public static short[] Rent(int length) => Blocks.Rent(length);

    public static void Return(short[] block) => Blocks.Return(block);
}
