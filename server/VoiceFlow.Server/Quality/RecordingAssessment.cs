namespace VoiceFlow.Server.Quality;

/// <summary>
/// The quality pipeline's verdict on one take: each metric (0-1 unless named otherwise), the transcript, the score,
/// the decision and who made it. One row per recording; a repeated job overwrites nothing once a person has reviewed it.
/// </summary>
public sealed class RecordingAssessment
{
    public Guid RecordingId { get; init; }

    /// <summary>0-100, weighted from the component scores below.</summary>
    public int QualityScore { get; set; }

    public double SnrDb { get; set; }
    public double SnrScore { get; set; }
    public double Clarity { get; set; }
    public double AudioQuality { get; set; }

    /// <summary>Share of clipped samples (0-1).</summary>
    public double Clipping { get; set; }

    public double ClippedMs { get; set; }
    public double SpeechMs { get; set; }

    /// <summary>1 − WER against the prompt, 0-1; null when no speech recognition model is configured.</summary>
    public double? TranscriptMatch { get; set; }

    public string? Transcript { get; set; }

    /// <summary>The speech recognition model that produced <see cref="Transcript"/>; null when none was configured.</summary>
    public string? AsrModel { get; set; }

    /// <summary>Why the take was rejected (automatically or by a reviewer), in words a contributor understands.</summary>
    public string? RejectionReason { get; set; }

    /// <summary>Machine-readable code of the automatic rule that decided, e.g. <c>too_short</c>, <c>low_score</c>.</summary>
    public string? DecisionCode { get; set; }

    /// <summary>Paid when approved: 10-25 cents scaled by score, +5 at 95 or more. 0 otherwise.</summary>
    public int PaymentCents { get; set; }

    /// <summary>The payout that includes this take; null while approved and unpaid.</summary>
    public Guid? PayoutId { get; set; }

    public DateTimeOffset ScoredAt { get; set; }
    public Guid? ReviewedBy { get; set; }
    public DateTimeOffset? ReviewedAt { get; set; }
}
