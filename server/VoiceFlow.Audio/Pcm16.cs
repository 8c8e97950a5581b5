namespace VoiceFlow.Audio;

/// <summary>Little-endian 16-bit PCM helpers.</summary>
public static class Pcm16
{
    public const int BytesPerSample = 2;
}
