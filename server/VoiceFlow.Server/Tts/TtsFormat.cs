namespace VoiceFlow.Server.Tts;

public enum TtsEncoding
{
    /// <summary>16-bit little-endian signed PCM, mono.</summary>
    Pcm16,

    /// <summary>G.711 μ-law, one byte per sample, mono.</summary>
    MuLaw,
}

/// <summary>
/// An output format of the contract. <c>wav</c> is a RIFF/WAVE header (unknown length, 0xFFFFFFFF sizes) followed by
/// 16-bit PCM at 24000 Hz mono, i.e. the header in front of the same audio as <c>pcm_24000</c>.
/// </summary>
public sealed record TtsFormat(string Name, int SampleRate, TtsEncoding Encoding, bool WavHeader)
{
    public static readonly TtsFormat Pcm16000 = new("pcm_16000", 16_000, TtsEncoding.Pcm16, false);
    public static readonly TtsFormat Pcm22050 = new("pcm_22050", 22_050, TtsEncoding.Pcm16, false);
    public static readonly TtsFormat Pcm24000 = new("pcm_24000", 24_000, TtsEncoding.Pcm16, false);
    public static readonly TtsFormat Ulaw8000 = new("ulaw_8000", 8_000, TtsEncoding.MuLaw, false);
    public static readonly TtsFormat Wav = new("wav", 24_000, TtsEncoding.Pcm16, true);

    public static IReadOnlyList<TtsFormat> All { get; } = [Pcm16000, Pcm22050, Pcm24000, Ulaw8000, Wav];

    public static string Names { get; } = string.Join(", ", All.Select(f => f.Name));

    public int BytesPerSample => Encoding == TtsEncoding.MuLaw ? 1 : 2;

    /// <summary>Samples in a frame of <paramref name="frameMs"/> milliseconds at this format's rate.</summary>
    public int FrameSamples(int frameMs) => Math.Max(1, (int)Math.Round(frameMs * (double)SampleRate / 1000));

    public static TtsFormat? Find(string? name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name?.Trim(), StringComparison.OrdinalIgnoreCase));
}
