namespace VoiceFlow.Audio.Synthesis;

/// <summary>A piece of synthesized mono PCM16 audio and the words that start in it.</summary>
/// <param name="StartSample">Offset of the first sample from the start of the whole request's audio.</param>
public sealed record SynthesisChunk(short[] Samples, int SampleRate, long StartSample, IReadOnlyList<WordEvent> Words)
{
    public TimeSpan Duration => Pcm16.SamplesToDuration(Samples.Length, SampleRate);
}

/// <summary>A word boundary reported by the engine.</summary>
/// <param name="Text">The word as it appears in the request text.</param>
/// <param name="TextOffset">UTF-16 index of the word in the request text.</param>
/// <param name="TextLength">UTF-16 length of the word in the request text.</param>
/// <param name="StartSample">Sample offset from the start of the request's audio where the word begins.</param>
/// <param name="StartMs">The same offset in milliseconds.</param>
public sealed record WordEvent(string Text, int TextOffset, int TextLength, long StartSample, double StartMs);
