using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VoiceFlow.Audio.Wav;

/// <summary>
/// Reads a WAVE stream incrementally (seekable or not) and returns mono PCM16, downmixing by averaging channels.
/// Decodes integer PCM of 8, 16, 24 and 32 bits and IEEE float of 32 and 64 bits, plain or WAVE_FORMAT_EXTENSIBLE.
/// Chunks other than fmt and data (LIST, fact, bext, ...) are skipped. A data size of 0 or 0xFFFFFFFF
/// (streaming writers, RF64) or one larger than the stream means "read to the end of the stream".
/// </summary>
public sealed class WavReader : IDisposable
{
    private const int BufferFrames = 4096;
    private const ushort FormatPcm = 1;
    private const ushort FormatIeeeFloat = 3;
    private const ushort FormatExtensible = 0xFFFE;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly byte[] _buffer;
    private long _remainingBytes;

    private WavReader(Stream stream, bool leaveOpen, WavFormat format, long? dataBytes)
    {
        _stream = stream;
        _leaveOpen = leaveOpen;
        Format = format;
        DataBytes = dataBytes;
        _remainingBytes = dataBytes ?? long.MaxValue;
        _buffer = ArrayPool<byte>.Shared.Rent(BufferFrames * format.BlockAlign);
    }

    public WavFormat Format { get; }

    public int SampleRate => Format.SampleRate;

    /// <summary>The declared size of the data chunk, or null when the file declares an unknown length.</summary>
    public long? DataBytes { get; }

    public long? FrameCount => DataBytes / Format.BlockAlign;

    public TimeSpan? Duration => FrameCount is { } frames ? Pcm16.SamplesToDuration(frames, SampleRate) : null;

    /// <summary>Parses the header up to the start of the audio data.</summary>
    /// <exception cref="AudioFormatException">The stream is not a WAVE file, or its encoding is not supported.</exception>
    public static WavReader Open(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[12];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
        {
            throw Invalid("The stream is too short to be a WAVE file.");
        }

        bool rf64 = header[..4].SequenceEqual("RF64"u8);
        if (!(header[..4].SequenceEqual("RIFF"u8) || rf64) || !header[8..12].SequenceEqual("WAVE"u8))
        {
            throw Invalid("The stream is not a RIFF/WAVE file.");
        }

        WavFormat? format = null;
        Span<byte> chunkHeader = stackalloc byte[8];
        while (true)
        {
            if (stream.ReadAtLeast(chunkHeader, 8, throwOnEndOfStream: false) < 8)
            {
                throw Invalid(format is null ? "The WAVE file has no fmt chunk." : "The WAVE file has no data chunk.");
            }

            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            if (chunkHeader[..4].SequenceEqual("fmt "u8))
            {
                format = ReadFormat(stream, size);
            }
            else if (chunkHeader[..4].SequenceEqual("data"u8))
            {
                if (format is null)
                {
                    throw Invalid("The data chunk comes before the fmt chunk.");
                }

                long? dataBytes = size is 0 or uint.MaxValue || rf64 ? null : size;
                if (dataBytes is { } n && stream.CanSeek)
                {
                    dataBytes = Math.Min(n, stream.Length - stream.Position);
                }

                return new WavReader(stream, leaveOpen, format, dataBytes);
            }
            else
            {
                Skip(stream, size + (size & 1));
            }
        }
    }

    /// <summary>Reads a whole WAVE stream into memory as mono PCM16.</summary>
    public static MonoAudio ReadAllMono(Stream stream)
    {
        using var reader = Open(stream, leaveOpen: true);
        var output = new ArrayBufferWriter<short>((int)Math.Clamp(reader.FrameCount ?? 0, 1024, 1 << 24));
        while (true)
        {
            int n = reader.ReadMono(output.GetSpan(BufferFrames));
            if (n == 0)
            {
                return new MonoAudio(output.WrittenSpan.ToArray(), reader.SampleRate);
            }

            output.Advance(n);
        }
    }

    public static MonoAudio ReadAllMono(ReadOnlySpan<byte> wav)
    {
        using var stream = new MemoryStream(wav.ToArray(), writable: false);
        return ReadAllMono(stream);
    }

    /// <summary>Reads up to <c>destination.Length</c> frames as mono PCM16. Returns 0 at the end of the data.</summary>
    public int ReadMono(Span<short> destination)
    {
        int blockAlign = Format.BlockAlign;
        int frames = (int)Math.Min(Math.Min(destination.Length, BufferFrames), _remainingBytes / blockAlign);
        if (frames == 0)
        {
            return 0;
        }

        int wanted = frames * blockAlign;
        int read = _stream.ReadAtLeast(_buffer.AsSpan(0, wanted), wanted, throwOnEndOfStream: false);
        frames = read / blockAlign;
        _remainingBytes = read < wanted ? 0 : _remainingBytes - read;
        Decode(_buffer.AsSpan(0, frames * blockAlign), destination[..frames]);
        return frames;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void Decode(ReadOnlySpan<byte> bytes, Span<short> destination)
    {
        var (encoding, _, channels, bits) = Format;
        if (encoding == WavEncoding.Pcm && bits == 16 && channels == 1 && BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, short>(bytes).CopyTo(destination);
            return;
        }

        int bytesPerSample = bits / 8;
        for (int frame = 0; frame < destination.Length; frame++)
        {
            double sum = 0;
            for (int channel = 0; channel < channels; channel++)
            {
                sum += ReadNormalized(bytes.Slice(((frame * channels) + channel) * bytesPerSample, bytesPerSample), encoding);
            }

            destination[frame] = Pcm16.Clamp(sum / channels * Pcm16.FullScale);
        }
    }

    private static double ReadNormalized(ReadOnlySpan<byte> sample, WavEncoding encoding) => (encoding, sample.Length) switch
    {
        (WavEncoding.Pcm, 1) => (sample[0] - 128) / 128.0,
        (WavEncoding.Pcm, 2) => BinaryPrimitives.ReadInt16LittleEndian(sample) / 32768.0,
        (WavEncoding.Pcm, 3) => (sample[0] | (sample[1] << 8) | ((sbyte)sample[2] << 16)) / 8388608.0,
        (WavEncoding.Pcm, 4) => BinaryPrimitives.ReadInt32LittleEndian(sample) / 2147483648.0,
        (WavEncoding.IeeeFloat, 4) => BinaryPrimitives.ReadSingleLittleEndian(sample),
        (WavEncoding.IeeeFloat, 8) => BinaryPrimitives.ReadDoubleLittleEndian(sample),
        _ => throw new InvalidOperationException("Unreachable: the format was validated on open."),
    };

    private static WavFormat ReadFormat(Stream stream, uint size)
    {
        if (size is < 16 or > 1024)
        {
            throw Invalid($"The fmt chunk has an invalid size ({size}).");
        }

        Span<byte> fmt = stackalloc byte[(int)(size + (size & 1))];
        if (stream.ReadAtLeast(fmt, fmt.Length, throwOnEndOfStream: false) < fmt.Length)
        {
            throw Invalid("The fmt chunk is truncated.");
        }

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        int channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        int sampleRate = (int)Math.Min(BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]), int.MaxValue);
        int blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        int bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);
        if (tag == FormatExtensible && size >= 40)
        {
            // The real format code is the first two bytes of the SubFormat GUID.
            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        if (channels is < 1 or > 32 || sampleRate is < 1000 or > 768_000)
        {
            throw Invalid($"The fmt chunk declares {channels} channels at {sampleRate} Hz.");
        }

        var encoding = tag switch
        {
            FormatPcm when bits is 8 or 16 or 24 or 32 => WavEncoding.Pcm,
            FormatIeeeFloat when bits is 32 or 64 => WavEncoding.IeeeFloat,
            _ => throw new AudioFormatException(
                AudioErrorCodes.UnsupportedFormat,
                $"Unsupported WAVE encoding: format tag 0x{tag:X4} with {bits} bits per sample. Use PCM (8/16/24/32-bit) or IEEE float."),
        };

        var format = new WavFormat(encoding, sampleRate, channels, bits);
        if (blockAlign != format.BlockAlign)
        {
            throw Invalid($"The fmt chunk declares a block size of {blockAlign} bytes; {format.BlockAlign} expected.");
        }

        return format;
    }

    private static void Skip(Stream stream, long count)
    {
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length)
            {
                throw Invalid("A chunk extends past the end of the file.");
            }

            stream.Seek(count, SeekOrigin.Current);
            return;
        }

        Span<byte> scratch = stackalloc byte[512];
        while (count > 0)
        {
            int n = stream.Read(scratch[..(int)Math.Min(count, scratch.Length)]);
            if (n == 0)
            {
                throw Invalid("A chunk extends past the end of the file.");
            }

            count -= n;
        }
    }

    private static AudioFormatException Invalid(string message) => new(AudioErrorCodes.InvalidFormat, message);
}
