namespace VoiceFlow.Audio.Analysis;

/// <summary>Thresholds of <see cref="StreamingAnalyzer"/>. Levels are dBFS (20·log10 of amplitude over 32768).</summary>
public sealed record AnalyzerOptions
{
    public static AnalyzerOptions Default { get; } = new();

    /// <summary><c>too_quiet</c> when the mean level of speech frames is below this.</summary>
    public double TooQuietSpeechRmsDbfs { get; init; } = -35;

    /// <summary><c>too_loud</c> when the mean level of speech frames is above this...</summary>
    public double TooLoudSpeechRmsDbfs { get; init; } = -6;

    /// <summary>...or when the peak of a speech frame reaches this (near full scale).</summary>
    public double TooLoudPeakDbfs { get; init; } = -0.5;

    /// <summary>Level warnings wait for this much speech.</summary>
    public double MinSpeechMsForLevelWarnings { get; init; } = 300;

    /// <summary>A sample is clipped when its magnitude is at least this fraction of full scale (0.995 → 32604).</summary>
    public double ClipLevel { get; init; } = 0.995;

    /// <summary>
    /// A run of clipped samples counts when it is longer than half a cycle of this frequency
    /// (200 Hz → more than sampleRate/400 samples): no genuine voice peak stays flat that long.
    /// </summary>
    public double ClipRunFrequencyHz { get; init; } = 200;

    /// <summary><c>clipping</c> when at least this many clipped runs were seen...</summary>
    public int ClippingMinRuns { get; init; } = 1;

    /// <summary>...or when at least this fraction of all samples is clipped.</summary>
    public double ClippingMinRatio { get; init; } = 0.001;

    /// <summary><c>noisy</c> when the tracked noise floor is above this.</summary>
    public double NoisyFloorDbfs { get; init; } = -50;

    /// <summary><c>noisy</c> waits for this much non-speech audio, so the floor has been measured.</summary>
    public double MinNoiseMsForNoisyWarning { get; init; } = 500;

    /// <summary><c>no_speech</c> once this much audio has no more than <see cref="NoSpeechMaxSpeechMs"/> of speech.</summary>
    public double NoSpeechAfterMs { get; init; } = 2000;

    public double NoSpeechMaxSpeechMs { get; init; } = 200;

    /// <summary><c>too_long</c> past this duration.</summary>
    public double MaxDurationMs { get; init; } = 60_000;

    /// <summary>A frame is speech when its level is this far above the noise floor...</summary>
    public double VadThresholdDb { get; init; } = 9;

    /// <summary>...and above this absolute level.</summary>
    public double VadAbsoluteThresholdDbfs { get; init; } = -60;

    /// <summary>Frames still counted as speech after the level drops (bridges short gaps between words).</summary>
    public int VadHangoverFrames { get; init; } = 8;

    /// <summary>The noise floor follows the minimum frame level over this window (minimum statistics).</summary>
    public double NoiseFloorWindowMs { get; init; } = 2000;

    /// <summary>Computes spectral flatness, centroid and 95% bandwidth of speech frames (a small FFT per speech frame).</summary>
    public bool SpectralAnalysis { get; init; } = true;

    /// <summary>Spectral measures use every n-th speech frame: the averages barely change and the FFT cost is divided by n.</summary>
    public int SpectralFrameStride { get; init; } = 2;
}
