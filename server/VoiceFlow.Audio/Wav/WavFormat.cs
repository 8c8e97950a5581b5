namespace VoiceFlow.Audio.Wav;

public enum WavEncoding
{
    Pcm,
    IeeeFloat,
}

/// <summary>The sample format declared by a WAVE file's fmt chunk.</summary>
public sealed record WavFormat(WavEncoding Encoding, int SampleRate, int Channels, int BitsPerSample)
{
    public int BlockAlign => Channels * BitsPerSample / 8;
}
