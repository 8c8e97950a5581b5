using VoiceFlow.Audio.Analysis;

namespace VoiceFlow.Server.Quality.Scoring;

/// <summary>
/// Weighs the components: SNR 25%, clarity 25%, transcript match 30%, audio quality 20%. Without a transcript the
/// other three are renormalized to 100%.
/// </summary>
public static class TakeScorer
{
    private const double SnrWeight = 0.25;
    private const double ClarityWeight = 0.25;
    private const double TranscriptWeight = 0.30;
    private const double AudioQualityWeight = 0.20;

    public const double MinDurationMs = 1000;
    public const double MaxClippedMs = 50;
    public const double MinSpeechMs = 200;

    public static TakeScore Score(AnalysisSummary take, double? transcriptMatch, TimeSpan limit)
    {
        var snrDb = ScoreComponents.SnrDb(take);
        var snr = ScoreComponents.Snr(snrDb);
        var clarity = ScoreComponents.Clarity(take);
        var audio = ScoreComponents.AudioQuality(take);
        var weighted = (SnrWeight * snr) + (ClarityWeight * clarity) + (AudioQualityWeight * audio);
        var weights = SnrWeight + ClarityWeight + AudioQualityWeight;
        if (transcriptMatch is { } match)
        {
            weighted += TranscriptWeight * Math.Clamp(match, 0, 1);
            weights += TranscriptWeight;
        }

        var score = (int)Math.Round(100 * weighted / weights, MidpointRounding.AwayFromZero);
        return new TakeScore(score, Math.Round(snrDb, 2), snr, clarity, transcriptMatch, audio, HardRejectFor(take, limit));
    }

    private static HardReject? HardRejectFor(AnalysisSummary take, TimeSpan limit)
    {
        if (take.DurationMs < MinDurationMs)
        {
            return new HardReject("too_short", $"The take lasts {take.DurationMs / 1000:0.0} s; at least 1 s is needed.");
        }

        if (take.DurationMs > limit.TotalMilliseconds)
        {
            return new HardReject("too_long", $"The take lasts {take.DurationMs / 1000:0.0} s, past this prompt's limit of {limit.TotalSeconds:0} s.");
        }

        if (take.SpeechMs < MinSpeechMs || take.SpeechRmsDbfs is null)
        {
            return new HardReject("no_speech", "No speech was heard in the take.");
        }

        if (take.ClippedMs > MaxClippedMs)
        {
            return new HardReject("clipping", $"{take.ClippedMs:0} ms of the take is clipped (distorted); at most {MaxClippedMs:0} ms is allowed. Move back from the microphone or lower its gain.");
        }

        return null;
    }
}
