using NAudio.Codecs;

namespace VoiceFlow.Audio.Codecs;

/// <summary>G.711 μ-law (one byte per sample), through NAudio's codec tables.</summary>
public static class MuLaw
{
    public static void Encode(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (destination.Length < samples.Length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        for (int i = 0; i < samples.Length; i++)
        {
            destination[i] = MuLawEncoder.LinearToMuLawSample(samples[i]);
        }
    }

    public static byte[] Encode(ReadOnlySpan<short> samples)
    {
        var encoded = new byte[samples.Length];
        Encode(samples, encoded);
        return encoded;
    }

    public static void Decode(ReadOnlySpan<byte> encoded, Span<short> destination)
    {
        if (destination.Length < encoded.Length)
        {
            throw new ArgumentException("Destination is too short.", nameof(destination));
        }

        MuLawDecoder.Decode(encoded, destination[..encoded.Length]);
    }

    public static short[] Decode(ReadOnlySpan<byte> encoded)
    {
        var samples = new short[encoded.Length];
        Decode(encoded, samples);
        return samples;
    }
}
