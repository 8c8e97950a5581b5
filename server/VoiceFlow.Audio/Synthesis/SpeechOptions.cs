namespace VoiceFlow.Audio.Synthesis;

/// <param name="Speed">Speaking rate relative to the engine's normal rate (1.0); engines clamp it to what they support.</param>
public sealed record SpeechOptions(double Speed = 1.0)
{
    public static SpeechOptions Default { get; } = new();
}
