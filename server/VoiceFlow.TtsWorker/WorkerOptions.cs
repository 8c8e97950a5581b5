namespace VoiceFlow.TtsWorker;

/// <summary>Worker settings (section <c>Worker</c>, or environment variables <c>Worker__Key</c>).</summary>
public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Rate of the PCM the worker sends (16-bit little-endian mono).</summary>
    public int SampleRate { get; set; } = 24_000;

    /// <summary>Voice used when the request names none, or names an OpenAI voice (alloy, nova, ...).</summary>
    public string DefaultVoice { get; set; } = "en-us";

    /// <summary>Longest accepted input, in characters (OpenAI's limit).</summary>
    public int MaxInputLength { get; set; } = 4096;

    /// <summary>The text synthesized at start-up; /health stays 503 until it produced audio.</summary>
    public string WarmUpText { get; set; } = "VoiceFlow worker warming up.";
}
