namespace VoiceFlow.Audio.Analysis;

/// <summary>The stable warning codes reported by <see cref="StreamingAnalyzer"/>.</summary>
public static class AudioWarningCodes
{
    public const string TooQuiet = "too_quiet";
    public const string TooLoud = "too_loud";
    public const string Clipping = "clipping";
    public const string Noisy = "noisy";
    public const string NoSpeech = "no_speech";
    public const string TooLong = "too_long";
}
