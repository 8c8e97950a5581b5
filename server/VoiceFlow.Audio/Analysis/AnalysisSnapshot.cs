namespace VoiceFlow.Audio.Analysis;

/// <summary>
/// The live state of a take. <see cref="RmsDbfs"/> and <see cref="PeakDbfs"/> cover the audio since the
/// previous snapshot; everything else is cumulative over the whole take.
/// </summary>
/// <param name="SnrDb">Speech-to-noise ratio (see <see cref="SnrEstimator"/>); null until there is speech.</param>
/// <param name="Warnings">Codes from <see cref="AudioWarningCodes"/>.</param>
public sealed record AnalysisSnapshot(
    double DurationMs,
    double RmsDbfs,
    double PeakDbfs,
    long ClippedSamples,
    bool Speaking,
    double NoiseFloorDbfs,
    double? SnrDb,
    double SpeechMs,
    double LeadingSilenceMs,
    double TrailingSilenceMs,
    IReadOnlyList<string> Warnings);
