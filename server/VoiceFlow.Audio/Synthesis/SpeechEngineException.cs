namespace VoiceFlow.Audio.Synthesis;

/// <summary>Stable error codes carried by <see cref="SpeechEngineException"/>.</summary>
public static class SpeechErrorCodes
{
    /// <summary>The engine's native library or data is not installed.</summary>
    public const string EngineUnavailable = "engine_unavailable";

    public const string InvalidVoice = "invalid_voice";

    public const string SynthesisFailed = "synthesis_failed";
}

public sealed class SpeechEngineException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
