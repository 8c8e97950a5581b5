using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Quality.Scoring;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Recording.Playback;

namespace VoiceFlow.Server.Quality.Review;

public enum ReviewFailure
{
    NotFound,
    NotInReview,
}

/// <summary>The takes the scorer could not decide, and the people who decide them.</summary>
public sealed class ReviewQueue(
    VoiceFlowDbContext db, PlaybackUrls playback, AuditLog audit, RecordingScoredNotifier notifier, QualityMetrics metrics, TimeProvider clock)
{
    public async Task<ReviewPage> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var inReview = db.Recordings.AsNoTracking().Where(r => r.Status == RecordingStatus.Review);
        var total = await inReview.CountAsync(cancellationToken);
        var rows = await inReview
            .OrderBy(r => r.CreatedAt)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .Join(db.RecordingAssessments, r => r.Id, a => a.RecordingId, (r, a) => new { Recording = r, Assessment = a })
            .Join(db.Prompts, x => x.Recording.PromptId, p => p.Id, (x, p) => new { x.Recording, x.Assessment, Prompt = p })
            .ToListAsync(cancellationToken);
        var items = rows.Select(x => new ReviewItem(
            x.Recording.Id, x.Recording.ContributorId, x.Prompt.Id, x.Prompt.Text, x.Prompt.Language,
            "review", x.Recording.DurationMs / 1000.0, x.Assessment.QualityScore,
            new ReviewMetrics(x.Assessment.SnrDb, x.Assessment.Clarity, x.Assessment.Clipping, x.Assessment.TranscriptMatch,
                x.Assessment.AudioQuality, x.Assessment.SpeechMs / 1000),
            x.Assessment.Transcript, x.Assessment.AsrModel, playback.For(x.Recording.Id), x.Recording.CreatedAt, x.Assessment.ScoredAt)).ToList();
        return new ReviewPage(items, page, pageSize, total);
    }

    public Task<(ReviewDecision? Decision, ReviewFailure? Failure)> ApproveAsync(Guid recordingId, Guid reviewerId, CancellationToken cancellationToken) =>
        DecideAsync(recordingId, reviewerId, RecordingStatus.Approved, reason: null, cancellationToken);

    public Task<(ReviewDecision? Decision, ReviewFailure? Failure)> RejectAsync(Guid recordingId, Guid reviewerId, string reason, CancellationToken cancellationToken) =>
        DecideAsync(recordingId, reviewerId, RecordingStatus.Rejected, reason.Trim(), cancellationToken);

    private async Task<(ReviewDecision?, ReviewFailure?)> DecideAsync(
        Guid recordingId, Guid reviewerId, RecordingStatus status, string? reason, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Locks the take so two reviewers (or a reviewer and a late job) cannot both decide it.
        var recording = await db.Recordings
            .FromSql($"SELECT * FROM recordings WHERE id = {recordingId} FOR UPDATE")
            .FirstOrDefaultAsync(cancellationToken);
        if (recording is null)
        {
            return (null, ReviewFailure.NotFound);
        }

        var assessment = await db.RecordingAssessments.FirstOrDefaultAsync(a => a.RecordingId == recordingId, cancellationToken);
        if (recording.Status != RecordingStatus.Review || assessment is null)
        {
            return (null, ReviewFailure.NotInReview);
        }

        var now = clock.GetUtcNow();
        recording.Status = status;
        assessment.PaymentCents = status == RecordingStatus.Approved ? PaymentSchedule.CentsFor(assessment.QualityScore) : 0;
        assessment.RejectionReason = reason;
        assessment.DecisionCode = status == RecordingStatus.Approved ? "reviewer_approved" : "reviewer_rejected";
        assessment.ReviewedBy = reviewerId;
        assessment.ReviewedAt = now;
        audit.Record(status == RecordingStatus.Approved ? "recording.approve" : "recording.reject", "recording", recordingId, userId: reviewerId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        metrics.Decided(status);
        await notifier.NotifyAsync(recording.ContributorId, recordingId, status, assessment.QualityScore, assessment.PaymentCents);
        return (new ReviewDecision(recordingId, status.ToString().ToLowerInvariant(), assessment.QualityScore, assessment.PaymentCents, reason, reviewerId, now), null);
    }
}
