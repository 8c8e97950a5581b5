using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VoiceFlow.Audio.Wav;

/// <summary>
/// Streams PCM16 into a WAVE file. The header is written up front declaring an unknown length
/// (or <c>expectedDataBytes</c> when given); on a seekable stream <see cref="Complete"/> patches
/// the RIFF and data sizes, on a non-seekable one (an HTTP response) the header stays as written.
/// </summary>
public sealed class WavWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _headerPosition;
    private readonly byte[] _header = new byte[WavHeader.Size];
    private bool _completed;
    private bool _disposed;

    public WavWriter(Stream stream, int sampleRate, int channels = 1, bool leaveOpen = false, long? expectedDataBytes = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The stream is not writable.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        SampleRate = sampleRate;
        Channels = channels;
        _headerPosition = stream.CanSeek ? stream.Position : 0;
        // Until Complete patches it, the header says "unknown length", so a recording cut short is still readable.
        WavHeader.Write(_header, sampleRate, channels, 16, expectedDataBytes);
        _stream.Write(_header);
    }

    public int SampleRate { get; }

    public int Channels { get; }

    public long DataBytes { get; private set; }

    public TimeSpan Duration => Pcm16.SamplesToDuration(DataBytes / (Pcm16.BytesPerSample * Channels), SampleRate);

    public void Write(ReadOnlySpan<short> samples)
    {
        ThrowIfCompleted();
        if (BitConverter.IsLittleEndian)
        {
            Write(MemoryMarshal.AsBytes(samples));
            return;
        }

        Span<byte> buffer = stackalloc byte[512];
        while (!samples.IsEmpty)
        {
            int n = Math.Min(samples.Length, buffer.Length / 2);
            for (int i = 0; i < n; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(buffer[(i * 2)..], samples[i]);
            }

            Write(buffer[..(n * 2)]);
            samples = samples[n..];
        }
    }

    /// <summary>Appends little-endian PCM16 bytes.</summary>
    public void Write(ReadOnlySpan<byte> pcm16)
    {
        ThrowIfCompleted();
        _stream.Write(pcm16);
        DataBytes += pcm16.Length;
    }

    public async ValueTask WriteAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken = default)
    {
        ThrowIfCompleted();
        await _stream.WriteAsync(pcm16, cancellationToken);
        DataBytes += pcm16.Length;
    }

    /// <summary>Pads the data chunk to an even length, patches the sizes (seekable streams) and flushes. Idempotent.</summary>
    public void Complete()
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if ((DataBytes & 1) == 1)
        {
            _stream.WriteByte(0);
        }

        if (_stream.CanSeek)
        {
            long end = _stream.Position;
            WavHeader.Write(_header, SampleRate, Channels, 16, DataBytes);
            _stream.Position = _headerPosition;
            _stream.Write(_header);
            _stream.Position = end;
        }

        _stream.Flush();
    }

    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        if ((DataBytes & 1) == 1)
        {
            await _stream.WriteAsync(new byte[1], cancellationToken);
        }

        if (_stream.CanSeek)
        {
            long end = _stream.Position;
            WavHeader.Write(_header, SampleRate, Channels, 16, DataBytes);
            _stream.Position = _headerPosition;
            await _stream.WriteAsync(_header, cancellationToken);
            _stream.Position = end;
        }

        await _stream.FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        Complete();
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await CompleteAsync();
        if (!_leaveOpen)
        {
            await _stream.DisposeAsync();
        }
    }

    private void ThrowIfCompleted()
    {
        if (_completed)
        {
            throw new InvalidOperationException("The WAVE file has been completed.");
        }
    }
}
