namespace VoiceFlow.Audio.Wav;

/// <summary>A whole mono PCM16 recording in memory (for short clips and tests).</summary>
public sealed record MonoAudio(short[] Samples, int SampleRate)
{
    public TimeSpan Duration => Pcm16.SamplesToDuration(Samples.Length, SampleRate);
}
