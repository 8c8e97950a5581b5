namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>Speech recognition for quality scoring: what a take actually says, compared with its prompt.</summary>
public interface ITranscriber
{
    /// <summary>False when no ASR model is configured: transcript match is then skipped and the other weights renormalized.</summary>
    bool IsAvailable { get; }

    /// <summary>The model's file name without extension (e.g. <c>ggml-base.en</c>); null when unavailable.</summary>
    string? ModelName { get; }

    /// <summary>Transcribes a whole take.</summary>
    /// <param name="samples">16 kHz mono samples in [-1, 1].</param>
    /// <param name="language">BCP 47 tag such as <c>en</c> or <c>en-US</c>; only the language part is used.</param>
    /// <returns>The recognized text, trimmed; empty when nothing was heard.</returns>
    /// <exception cref="InvalidOperationException">No model is configured (<see cref="IsAvailable"/> is false).</exception>
    /// <exception cref="ArgumentException">The model does not know the language.</exception>
    Task<string> TranscribeAsync(ReadOnlyMemory<float> samples, string language, CancellationToken cancellationToken);
}
