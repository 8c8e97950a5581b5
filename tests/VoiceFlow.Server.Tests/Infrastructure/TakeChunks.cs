using System.Runtime.InteropServices;

namespace VoiceFlow.Server.Tests.Infrastructure;

/// <summary>Client-side streaming of a take to the recording hub, and waiting for what the hub sends back.</summary>
public static class TakeChunks
{
    /// <summary>
    /// PCM16 chunks of <paramref name="chunkMs"/>, yielding between chunks; a final fragment under 10 ms is left out
    /// (the hub accepts chunks of 10 to 250 ms). <paramref name="beforeChunk"/> runs before each chunk with its index.
    /// </summary>
    public static async IAsyncEnumerable<byte[]> Of(short[] samples, int rate, int chunkMs = 20, Func<int, Task>? beforeChunk = null)
    {
        var size = rate * chunkMs / 1000;
        var index = 0;
        for (var offset = 0; offset + (rate / 100) <= samples.Length; offset += size)
        {
            if (beforeChunk is not null)
            {
                await beforeChunk(index);
            }
            else
            {
                await Task.Yield();
            }

            index++;
            yield return MemoryMarshal.AsBytes(samples.AsSpan(offset, Math.Min(size, samples.Length - offset))).ToArray();
        }
    }

    /// <summary>Stream items of any shape, yielding between them, to send what no well-behaved client would.</summary>
    public static async IAsyncEnumerable<T> Items<T>(params T[] items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }

    /// <summary>Polls <paramref name="condition"/> (hub messages arrive on the client's own loop) for up to 10 s.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"Timed out waiting for {what}.");
            await Task.Delay(20);
        }
    }
}
