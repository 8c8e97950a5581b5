namespace VoiceFlow.Audio.Synthesis;

/// <param name="Id">Stable id to pass to <see cref="ISpeechEngine.SynthesizeAsync"/> (for espeak-ng the voice file, e.g. "gmw/en-US").</param>
/// <param name="Name">Display name, e.g. "English (America)".</param>
/// <param name="Language">Primary language tag, e.g. "en-us".</param>
/// <param name="Gender">"male", "female" or null when unspecified.</param>
/// <param name="Languages">All language tags the voice declares, most preferred first.</param>
public sealed record VoiceInfo(string Id, string Name, string Language, string? Gender, IReadOnlyList<string> Languages);
