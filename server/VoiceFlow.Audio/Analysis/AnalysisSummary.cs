namespace VoiceFlow.Audio.Analysis;

/// <summary>Whole-take measures for offline scoring. Null means "not measurable" (e.g. no speech).</summary>
/// <param name="SnrDb">The combined estimate reported live (see <see cref="SnrEstimator"/>).</param>
/// <param name="WadaSnrDb">Kim &amp; Stern's WADA-SNR over the whole take (global: speech energy spread over the full duration).</param>
/// <param name="VadSnrDb">Speech-frame power (noise subtracted) over the power of non-speech frames near the floor.</param>
/// <param name="NoiseRmsDbfs">Mean level of the non-speech frames within 6 dB of the noise floor.</param>
/// <param name="DcOffset">Mean sample value as a fraction of full scale.</param>
/// <param name="SpectralFlatness">Mean Wiener entropy of speech frames, 0 (tonal) to 1 (white noise).</param>
/// <param name="SpectralCentroidHz">Centroid of the long-term speech spectrum.</param>
/// <param name="Bandwidth95Hz">Frequency below which 95% of the long-term speech energy lies.</param>
public sealed record AnalysisSummary(
    int SampleRate,
    double DurationMs,
    double SpeechMs,
    double LeadingSilenceMs,
    double TrailingSilenceMs,
    double? SpeechRmsDbfs,
    double PeakDbfs,
    double NoiseFloorDbfs,
    double? NoiseRmsDbfs,
    double? SnrDb,
    double? WadaSnrDb,
    double? VadSnrDb,
    long ClippedSamples,
    long ClippedRuns,
    double ClippingRatio,
    double ClippedMs,
    double DcOffset,
    double? SpectralFlatness,
    double? SpectralCentroidHz,
    double? Bandwidth95Hz,
    IReadOnlyList<string> Warnings);
