using System.Buffers;
using System.Text;
using System.Text.Json;
using MessagePack;
using VoiceFlow.Server.Recording.Hub;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>A chunk reads off the wire exactly as a byte array does, in both hub protocols.</summary>
public sealed class AudioChunkFormatTests
{
    private static readonly byte[] Pcm = Enumerable.Range(0, 1920).Select(i => (byte)(i * 37)).ToArray();

    [Fact]
    public void Json_base64_reads_as_the_bytes_it_encodes_plain_or_escaped()
    {
        var plain = JsonSerializer.Serialize(Pcm);
        // Some encoders escape '+' and '/' in strings; the text still means the same bytes.
        var escaped = plain.Replace("+", "\\u002B", StringComparison.Ordinal).Replace("/", "\\/", StringComparison.Ordinal);
        Assert.NotEqual(plain, escaped);

        foreach (var json in new[] { plain, escaped })
        {
            using var chunk = JsonSerializer.Deserialize<AudioChunk>(json)!;
            Assert.Equal(Pcm, chunk.Bytes.ToArray());
        }

        using var again = AudioChunk.CopyOf(Pcm);
        Assert.Equal(plain, JsonSerializer.Serialize(again));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1000)]
    public void Json_base64_split_across_buffers_reads_as_the_bytes_it_encodes(int segmentBytes)
    {
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(Pcm));
        var reader = new Utf8JsonReader(Split(json, segmentBytes));

        using var chunk = JsonSerializer.Deserialize<AudioChunk>(ref reader)!;

        Assert.Equal(Pcm, chunk.Bytes.ToArray());
    }

    [Fact]
    public void Json_text_split_across_buffers_that_is_not_base64_is_refused() =>
        Assert.Throws<JsonException>(() =>
        {
            var reader = new Utf8JsonReader(Split(Encoding.UTF8.GetBytes("\"not base64, though long enough to split\""), 5));
            return JsonSerializer.Deserialize<AudioChunk>(ref reader);
        });

    [Theory]
    [InlineData("\"not base64 at all\"")]
    [InlineData("12345")]
    [InlineData("[1, 2, 3]")]
    public void Json_that_is_not_base64_text_is_refused(string json) =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<AudioChunk>(json));

    [Fact]
    public void Json_null_reads_as_no_chunk() => Assert.Null(JsonSerializer.Deserialize<AudioChunk>("null"));

    [Fact]
    public void MessagePack_bin_reads_as_the_bytes_it_holds()
    {
        var bin = MessagePackSerializer.Serialize(Pcm);

        using var chunk = MessagePackSerializer.Deserialize<AudioChunk>(bin)!;

        Assert.Equal(Pcm, chunk.Bytes.ToArray());
        Assert.Equal(bin, MessagePackSerializer.Serialize(chunk));
        Assert.Null(MessagePackSerializer.Deserialize<AudioChunk>(MessagePackSerializer.Serialize<byte[]?>(null)));
    }

    [Fact]
    public void A_disposed_chunk_no_longer_hands_out_its_buffer()
    {
        var chunk = AudioChunk.CopyOf(Encoding.ASCII.GetBytes("abcd"));
        chunk.Dispose();
        chunk.Dispose();

        Assert.Throws<ObjectDisposedException>(() => chunk.Bytes);
    }

    /// <summary><paramref name="bytes"/> in buffers of <paramref name="segmentBytes"/>, as a connection's pipe hands them over.</summary>
    private static ReadOnlySequence<byte> Split(byte[] bytes, int segmentBytes)
    {
        var first = new Segment(bytes.AsMemory(0, Math.Min(segmentBytes, bytes.Length)), 0);
        var last = first;
        for (var at = segmentBytes; at < bytes.Length; at += segmentBytes)
        {
            last = last.Append(bytes.AsMemory(at, Math.Min(segmentBytes, bytes.Length - at)));
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
