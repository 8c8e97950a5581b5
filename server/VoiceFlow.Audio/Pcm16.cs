using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace VoiceFlow.Audio;

/// <summary>
/// Little-endian 16-bit PCM helpers. Levels use the plain convention
/// dBFS = 20·log10(amplitude / 32768), so a full-scale sine has an RMS of -3.01 dBFS.
/// </summary>
public static class Pcm16
{
    public const int BytesPerSample = 2;
    public const double FullScale = 32768.0;

    /// <summary>The level reported for digital silence instead of -∞.</summary>
    public const double SilenceDbfs = -120.0;

    public static int SampleCount(int byteCount) => byteCount / BytesPerSample;

    /// <summary>Copies little-endian PCM16 bytes into samples; a trailing odd byte is ignored.</summary>
    public static int ToSamples(ReadOnlySpan<byte> bytes, Span<short> destination)
    {
        int count = bytes.Length / BytesPerSample;
        if (destination.Length < count)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, short>(bytes[..(count * BytesPerSample)]).CopyTo(destination);
        }
        else
        {
            for (int i = 0; i < count; i++)
            {
                destination[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.Slice(i * BytesPerSample));
            }
        }

        return count;
    }

    public static short[] ToSamples(ReadOnlySpan<byte> bytes)
    {
        var samples = new short[bytes.Length / BytesPerSample];
        ToSamples(bytes, samples);
        return samples;
    }

    public static int ToBytes(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        int byteCount = samples.Length * BytesPerSample;
        if (destination.Length < byteCount)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(samples).CopyTo(destination);
        }
        else
        {
            for (int i = 0; i < samples.Length; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(destination.Slice(i * BytesPerSample), samples[i]);
            }
        }

        return byteCount;
    }

    public static byte[] ToBytes(ReadOnlySpan<short> samples)
    {
        var bytes = new byte[samples.Length * BytesPerSample];
        ToBytes(samples, bytes);
        return bytes;
    }

    /// <summary>Converts to floats in [-1, 1).</summary>
    public static void ToFloats(ReadOnlySpan<short> samples, Span<float> destination)
    {
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        for (int i = 0; i < samples.Length; i++)
        {
            destination[i] = samples[i] / 32768f;
        }
    }

    /// <summary>Converts floats in [-1, 1] to samples, rounding and clamping out-of-range values.</summary>
    public static void FromFloats(ReadOnlySpan<float> samples, Span<short> destination)
    {
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        for (int i = 0; i < samples.Length; i++)
        {
            destination[i] = FromFloat(samples[i]);
        }
    }

    public static short FromFloat(float sample) => Clamp(MathF.Round(sample * 32768f));

    public static short Clamp(double value) =>
        value >= short.MaxValue ? short.MaxValue
        : value <= short.MinValue ? short.MinValue
        : (short)Math.Round(value);

    /// <summary>Amplitude relative to full scale (1.0 = 0 dBFS) to dBFS, floored at <see cref="SilenceDbfs"/>.</summary>
    public static double AmplitudeToDbfs(double amplitude)
    {
        if (amplitude <= 0)
        {
            return SilenceDbfs;
        }

        return Math.Max(SilenceDbfs, 20.0 * Math.Log10(amplitude));
    }

    /// <summary>Mean square relative to full scale (1.0 = 0 dBFS) to dBFS, floored at <see cref="SilenceDbfs"/>.</summary>
    public static double PowerToDbfs(double meanSquare)
    {
        if (meanSquare <= 0)
        {
            return SilenceDbfs;
        }

        return Math.Max(SilenceDbfs, 10.0 * Math.Log10(meanSquare));
    }

    public static double DbfsToAmplitude(double dbfs) => Math.Pow(10.0, dbfs / 20.0);

    public static double DbfsToPower(double dbfs) => Math.Pow(10.0, dbfs / 10.0);

    /// <summary>RMS level of the samples in dBFS.</summary>
    public static double RmsDbfs(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return SilenceDbfs;
        }

        double sum = 0;
        foreach (short s in samples)
        {
            sum += (double)s * s;
        }

        return PowerToDbfs(sum / samples.Length / (FullScale * FullScale));
    }

    /// <summary>Peak level of the samples in dBFS.</summary>
    public static double PeakDbfs(ReadOnlySpan<short> samples)
    {
        int peak = 0;
        foreach (short s in samples)
        {
            peak = Math.Max(peak, Math.Abs((int)s));
        }

        return AmplitudeToDbfs(peak / FullScale);
    }

    public static double SamplesToMilliseconds(long samples, int sampleRate) => samples * 1000.0 / sampleRate;

    public static TimeSpan SamplesToDuration(long samples, int sampleRate) =>
        TimeSpan.FromTicks(samples * TimeSpan.TicksPerSecond / sampleRate);

    public static long MillisecondsToSamples(double milliseconds, int sampleRate) =>
        (long)Math.Round(milliseconds * sampleRate / 1000.0);

    public static double BytesToMilliseconds(long bytes, int sampleRate, int channels = 1) =>
        SamplesToMilliseconds(bytes / (BytesPerSample * channels), sampleRate);

    public static long DurationToBytes(TimeSpan duration, int sampleRate, int channels = 1) =>
        (long)Math.Round(duration.TotalSeconds * sampleRate) * BytesPerSample * channels;
}
