using System.ComponentModel.DataAnnotations;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Quality.Review;

public sealed record ReviewMetrics(double SnrDb, double Clarity, double Clipping, double? TranscriptMatch, double AudioQuality, double SpeechSeconds);

/// <summary>A take in the review queue, with everything a reviewer needs to decide it.</summary>
public sealed record ReviewItem(
    Guid Id,
    Guid ContributorId,
    Guid PromptId,
    string PromptText,
    string Language,
    string Status,
    double DurationSeconds,
    int QualityScore,
    ReviewMetrics Metrics,
    string? Transcript,
    string? AsrModel,
    string PlaybackUrl,
    DateTimeOffset CreatedAt,
    DateTimeOffset ScoredAt);

public sealed record ReviewPage(IReadOnlyList<ReviewItem> Items, int Page, int PageSize, int Total);

public sealed record RejectRecordingRequest([property: Required, PlainText(500)] string Reason);

/// <summary>The take after a reviewer's decision.</summary>
public sealed record ReviewDecision(Guid Id, string Status, int QualityScore, int PaymentCents, string? RejectionReason, Guid ReviewedBy, DateTimeOffset ReviewedAt);

public sealed record ParkedJob(Guid Id, Guid RecordingId, int Attempts, string? LastError, DateTimeOffset CreatedAt, DateTimeOffset RunAfter);
