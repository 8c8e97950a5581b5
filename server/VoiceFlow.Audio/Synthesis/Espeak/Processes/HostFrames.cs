using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace VoiceFlow.Audio.Synthesis.Espeak.Processes;

/// <summary>
/// The pipe protocol between <see cref="EspeakProcessPool"/> and an <see cref="EspeakEngineHost"/> process: frames of
/// a little-endian int32 body length, a kind byte and the body. Strings are an int32 byte count and UTF-8.
/// </summary>
internal static class HostFrames
{
    /// <summary>Child to parent, once at start: status byte, then the sample rate and the voices as JSON, or an error.</summary>
    public const byte Ready = 0;

    /// <summary>Child to parent: tag, sample count, word count, samples, words (text offset, length, start sample).</summary>
    public const byte Audio = 1;

    /// <summary>Child to parent: tag, <see cref="DoneStatus"/>, error code, message.</summary>
    public const byte Done = 2;

    /// <summary>Parent to child: tag, rate (words per minute), ends-sentence byte, voice id, text.</summary>
    public const byte Synthesize = 1;

    /// <summary>Parent to child: tag of the synthesis to stop.</summary>
    public const byte Cancel = 2;

    /// <summary>Largest body either side sends; a longer length means the stream is corrupt.</summary>
    public const int MaxBodyLength = 16 * 1024 * 1024;
}

internal enum DoneStatus : byte
{
    Completed = 0,
    Cancelled = 1,
    Failed = 2,
}

/// <summary>Builds one frame in a reusable buffer and writes it with a single write.</summary>
internal sealed class FrameWriter(Stream stream)
{
    private readonly ArrayBufferWriter<byte> _buffer = new(8192);

    public FrameWriter Begin(byte kind)
    {
        _buffer.ResetWrittenCount();
        _buffer.Advance(sizeof(int));
        _buffer.GetSpan(1)[0] = kind;
        _buffer.Advance(1);
        return this;
    }

    public FrameWriter Int32(int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(_buffer.GetSpan(sizeof(int)), value);
        _buffer.Advance(sizeof(int));
        return this;
    }

    public FrameWriter Int64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(_buffer.GetSpan(sizeof(long)), value);
        _buffer.Advance(sizeof(long));
        return this;
    }

    public FrameWriter Byte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
        return this;
    }

    public FrameWriter String(string value)
    {
        int length = Encoding.UTF8.GetByteCount(value);
        Int32(length);
        Encoding.UTF8.GetBytes(value, _buffer.GetSpan(length));
        _buffer.Advance(length);
        return this;
    }

    public FrameWriter Samples(ReadOnlySpan<short> samples)
    {
        int bytes = Pcm16.ToBytes(samples, _buffer.GetSpan(samples.Length * Pcm16.BytesPerSample));
        _buffer.Advance(bytes);
        return this;
    }

    /// <summary>Writes the frame whole: never cancelled halfway, which would corrupt the stream for the reader.</summary>
    public async ValueTask SendAsync()
    {
        var frame = WrittenFrame();
        await stream.WriteAsync(frame);
        await stream.FlushAsync();
    }

    public void Send()
    {
        stream.Write(WrittenFrame().Span);
        stream.Flush();
    }

    private ReadOnlyMemory<byte> WrittenFrame()
    {
        var frame = MemoryMarshal.AsMemory(_buffer.WrittenMemory);
        BinaryPrimitives.WriteInt32LittleEndian(frame.Span, frame.Length - sizeof(int) - 1);
        return frame;
    }
}

/// <summary>Reads frames into a reusable buffer; a frame's body is valid until the next read.</summary>
internal sealed class FrameReader(Stream stream)
{
    private readonly byte[] _header = new byte[sizeof(int) + 1];
    private byte[] _body = new byte[8192];

    /// <summary>The next frame, or null at the end of the stream.</summary>
    public async ValueTask<(byte Kind, ReadOnlyMemory<byte> Body)?> ReadAsync(CancellationToken cancellationToken)
    {
        int headerRead = await stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken);
        if (headerRead == 0)
        {
            return null;
        }

        if (headerRead < _header.Length)
        {
            throw new EndOfStreamException("The engine process stream ended inside a frame.");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(_header);
        if (length is < 0 or > HostFrames.MaxBodyLength)
        {
            throw new InvalidDataException($"The engine process sent a frame of {length} bytes.");
        }

        if (_body.Length < length)
        {
            _body = new byte[Math.Max(length, _body.Length * 2)];
        }

        await stream.ReadExactlyAsync(_body.AsMemory(0, length), cancellationToken);
        return (_header[sizeof(int)], _body.AsMemory(0, length));
    }
}

/// <summary>Reads the fields of a frame body in order.</summary>
internal ref struct FrameBody(ReadOnlySpan<byte> body)
{
    private ReadOnlySpan<byte> _rest = body;

    public int Int32()
    {
        int value = BinaryPrimitives.ReadInt32LittleEndian(_rest);
        _rest = _rest[sizeof(int)..];
        return value;
    }

    public long Int64()
    {
        long value = BinaryPrimitives.ReadInt64LittleEndian(_rest);
        _rest = _rest[sizeof(long)..];
        return value;
    }

    public byte Byte()
    {
        byte value = _rest[0];
        _rest = _rest[1..];
        return value;
    }

    public string String()
    {
        int length = Int32();
        string value = Encoding.UTF8.GetString(_rest[..length]);
        _rest = _rest[length..];
        return value;
    }

    public short[] Samples(int count)
    {
        var samples = new short[count];
        Pcm16.ToSamples(_rest[..(count * Pcm16.BytesPerSample)], samples);
        _rest = _rest[(count * Pcm16.BytesPerSample)..];
        return samples;
    }
}
