using System.Buffers.Binary;
using System.Text;

namespace VoiceFlow.Audio.Tests;

/// <summary>Hand-built WAVE files for reader tests.</summary>
internal static class WavTestFiles
{
    public static byte[] Build(
        ushort formatTag,
        int channels,
        int sampleRate,
        int bitsPerSample,
        byte[] data,
        IEnumerable<(string Id, byte[] Body)>? chunksBeforeFmt = null,
        IEnumerable<(string Id, byte[] Body)>? chunksBeforeData = null)
    {
        using var body = new MemoryStream();
        body.Write("WAVE"u8);
        foreach (var (id, content) in chunksBeforeFmt ?? [])
        {
            WriteChunk(body, id, content);
        }

        var fmt = new byte[16];
        int blockAlign = channels * bitsPerSample / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(fmt, formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(4), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(fmt.AsSpan(8), sampleRate * blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(12), (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(fmt.AsSpan(14), (ushort)bitsPerSample);
        WriteChunk(body, "fmt ", fmt);
        foreach (var (id, content) in chunksBeforeData ?? [])
        {
            WriteChunk(body, id, content);
        }

        WriteChunk(body, "data", data);
        using var file = new MemoryStream();
        file.Write("RIFF"u8);
        var size = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, (int)body.Length);
        file.Write(size);
        body.Position = 0;
        body.CopyTo(file);
        return file.ToArray();
    }

    /// <summary>A LIST/INFO chunk with an odd length, so the reader must honour the pad byte.</summary>
    public static (string, byte[]) ListChunk() => ("LIST", Encoding.ASCII.GetBytes("INFOISFT\x05\0\0\0Test\0"));

    private static void WriteChunk(Stream stream, string id, byte[] content)
    {
        stream.Write(Encoding.ASCII.GetBytes(id));
        var size = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(size, content.Length);
        stream.Write(size);
        stream.Write(content);
        if (content.Length % 2 == 1)
        {
            stream.WriteByte(0);
        }
    }
}

/// <summary>A forward-only view of a stream, like an HTTP request body.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, Math.Min(count, 7));

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);
}
