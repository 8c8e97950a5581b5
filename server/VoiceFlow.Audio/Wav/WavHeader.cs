using System.Buffers.Binary;

namespace VoiceFlow.Audio.Wav;

/// <summary>The canonical 44-byte RIFF/WAVE header for integer PCM.</summary>
public static class WavHeader
{
    public const int Size = 44;

    /// <summary>
    /// Size value written when the length is not known up front (streaming). Readers of this library,
    /// ffmpeg and most players then read the data chunk until the end of the stream.
    /// </summary>
    public const uint UnknownLength = uint.MaxValue;

    /// <summary>Creates a PCM16 header; <paramref name="dataBytes"/> null means unknown length (streaming).</summary>
    public static byte[] CreatePcm16(int sampleRate, int channels = 1, long? dataBytes = null)
    {
        var header = new byte[Size];
        Write(header, sampleRate, channels, 16, dataBytes);
        return header;
    }

    public static void Write(Span<byte> destination, int sampleRate, int channels, int bitsPerSample, long? dataBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Size, nameof(destination));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);

        int blockAlign = channels * bitsPerSample / 8;
        "RIFF"u8.CopyTo(destination);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], RiffSize(dataBytes));
        "WAVE"u8.CopyTo(destination[8..]);
        "fmt "u8.CopyTo(destination[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], (uint)(sampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(destination[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[34..], (ushort)bitsPerSample);
        "data"u8.CopyTo(destination[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[40..], DataSize(dataBytes));
    }

    internal static uint DataSize(long? dataBytes) =>
        dataBytes is { } n ? (uint)Math.Min(n, UnknownLength - 1) : UnknownLength;

    internal static uint RiffSize(long? dataBytes)
    {
        if (dataBytes is not { } n)
        {
            return UnknownLength;
        }

        long padded = n + (n & 1);
        return (uint)Math.Min(Size - 8 + padded, UnknownLength - 1);
    }
}
