using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Quality.Scoring;

/// <summary>What happens to a scored take: approved (and paid), rejected with a reason, or sent to a person.</summary>
public sealed record TakeDecision(RecordingStatus Status, string Code, string? Reason, int PaymentCents)
{
    public static TakeDecision For(TakeScore score, QualityOptions rules)
    {
        if (score.Reject is { } reject)
        {
            return new TakeDecision(RecordingStatus.Rejected, reject.Code, reject.Reason, 0);
        }

        if (score.Score >= rules.ApproveAtScore)
        {
            return new TakeDecision(RecordingStatus.Approved, "high_score", null, PaymentSchedule.CentsFor(score.Score));
        }

        if (score.Score < rules.RejectBelowScore)
        {
            return new TakeDecision(RecordingStatus.Rejected, "low_score",
                $"Quality score {score.Score} is below {rules.RejectBelowScore}; the weakest measure was {Weakest(score)}.", 0);
        }

        return new TakeDecision(RecordingStatus.Review, "needs_review", null, 0);
    }

    private static string Weakest(TakeScore score)
    {
        var components = new List<(string Name, double Value)>
        {
            ("background noise (SNR)", score.Snr),
            ("clarity", score.Clarity),
            ("audio quality", score.AudioQuality),
        };
        if (score.TranscriptMatch is { } match)
        {
            components.Add(("match with the prompt text", match));
        }

        return components.MinBy(c => c.Value).Name;
    }
}
