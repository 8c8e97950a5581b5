namespace VoiceFlow.Audio.Synthesis;

/// <summary>A text-to-speech engine that streams PCM16 while it synthesizes.</summary>
public interface ISpeechEngine : IDisposable
{
    /// <summary>A short engine id, e.g. "espeak-ng".</summary>
    string Name { get; }

    /// <summary>The rate of every <see cref="SynthesisChunk"/> this engine produces.</summary>
    int SampleRate { get; }

    IReadOnlyList<VoiceInfo> ListVoices();

    /// <summary>
    /// Synthesizes <paramref name="text"/>; chunks arrive while synthesis runs. Cancelling the token or
    /// abandoning the enumeration stops the synthesis promptly.
    /// </summary>
    /// <exception cref="SpeechEngineException">Unknown voice (<see cref="SpeechErrorCodes.InvalidVoice"/>) or engine failure.</exception>
    IAsyncEnumerable<SynthesisChunk> SynthesizeAsync(
        string text,
        string voice,
        SpeechOptions? options = null,
        CancellationToken cancellationToken = default);
}
