using System.Buffers;
using System.Text.Json.Serialization;
using MessagePack;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>
/// One chunk of a streamed take, read off the wire exactly as a byte array would be (MessagePack bin, JSON base64) but
/// into a pooled buffer. A live take sends 50 chunks a second; as fresh arrays they were two thirds of everything the
/// server allocated, and so of its garbage collections, each of which pauses every stream at once.
/// <see cref="Dispose"/> hands the buffer back; a chunk that is never disposed is simply left to the GC.
/// </summary>
[JsonConverter(typeof(AudioChunkJsonConverter))]
[MessagePackFormatter(typeof(AudioChunkMessagePackFormatter))]
public sealed class AudioChunk : IDisposable
{
    private byte[]? _buffer;

    private AudioChunk(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; private set; }

    public ReadOnlyMemory<byte> Bytes => _buffer is { } buffer ? buffer.AsMemory(0, Length) : throw new ObjectDisposedException(nameof(AudioChunk));

    /// <summary>A chunk of <paramref name="length"/> bytes in a pooled buffer; the caller fills <see cref="Writable"/>.</summary>
    internal static AudioChunk Rent(int length) => new(ArrayPool<byte>.Shared.Rent(length), length);

    public static AudioChunk CopyOf(ReadOnlySpan<byte> bytes)
    {
        var chunk = Rent(bytes.Length);
        bytes.CopyTo(chunk.Writable);
        return chunk;
    }

    internal Span<byte> Writable => _buffer.AsSpan(0, Length);

    /// <summary>Keeps the first <paramref name="length"/> bytes (a decoder wrote fewer than it was given room for).</summary>
    internal void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        Length = length;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
