using VoiceFlow.Audio.Analysis;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>
/// A quick 0-100 impression of a take from the live analysis, returned the moment it ends. The quality pipeline's
/// score (with clarity and transcript match) is the one that decides; this one only tells the contributor at once.
/// </summary>
public static class LiveScore
{
    public static int From(AnalysisSummary summary, IReadOnlyList<string> warnings)
    {
        if (warnings.Contains(AudioWarningCodes.NoSpeech))
        {
            return 0;
        }

        // SNR mapped like the quality score: 10 dB -> 0, 35 dB -> 100.
        var snr = summary.SnrDb is { } db ? Math.Clamp((db - 10) / 25, 0, 1) : 0;
        var score = 100 * snr;
        score -= warnings.Contains(AudioWarningCodes.Clipping) ? 40 : 0;
        score -= warnings.Contains(AudioWarningCodes.TooQuiet) ? 35 : 0;
        score -= warnings.Contains(AudioWarningCodes.TooLoud) ? 20 : 0;
        score -= warnings.Contains(AudioWarningCodes.Noisy) ? 30 : 0;
        return (int)Math.Round(Math.Clamp(score, 0, 100));
    }
}
