namespace VoiceFlow.Audio;

/// <summary>Stable error codes carried by <see cref="AudioFormatException"/>.</summary>
public static class AudioErrorCodes
{
    /// <summary>Not a RIFF/WAVE file, or its header is truncated or inconsistent.</summary>
    public const string InvalidFormat = "invalid_format";

    /// <summary>A well-formed WAVE file in an encoding this library does not decode (μ-law, ADPCM, 12-bit PCM, ...).</summary>
    public const string UnsupportedFormat = "unsupported_format";
}

/// <summary>Thrown for audio input that cannot be decoded. <see cref="Code"/> is one of <see cref="AudioErrorCodes"/>.</summary>
public sealed class AudioFormatException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
