namespace VoiceFlow.Server.Quality.Transcription;

/// <summary>Stands in when no model is configured; the scorer checks <see cref="IsAvailable"/> before transcribing.</summary>
internal sealed class UnavailableTranscriber : ITranscriber
{
    public bool IsAvailable => false;

    public string? ModelName => null;

    public Task<string> TranscribeAsync(ReadOnlyMemory<float> samples, string language, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"No speech recognition model is configured ({TranscriptionOptions.Section}:ModelPath).");
}
