using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Quality.Scoring;
using VoiceFlow.Server.Quality.Transcription;
using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Quality.Jobs;

/// <summary>The outcome of one job: null when there was nothing (left) to decide.</summary>
public sealed record AssessmentOutcome(Guid RecordingId, Guid ContributorId, RecordingStatus Status, int QualityScore, int PaymentCents);

/// <summary>
/// Scores one take and stores the verdict. Safe to run twice for the same take: the recording row is locked and
/// only a take still <c>pending</c> is decided, so a repeated or duplicated job changes nothing.
/// </summary>
public sealed class TakeAssessor(
    VoiceFlowDbContext db,
    AnalysisJobQueue queue,
    StoredTakeAnalyzer analyzer,
    ITranscriber transcriber,
    IOptions<QualityOptions> quality,
    IOptions<RecordingOptions> recording,
    TimeProvider clock)
{
    public async Task<AssessmentOutcome?> AssessAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var take = await db.Recordings.AsNoTracking()
            .Where(r => r.Id == job.RecordingId)
            .Join(db.Prompts, r => r.PromptId, p => p.Id, (r, p) => new { Recording = r, Prompt = p })
            .FirstOrDefaultAsync(cancellationToken);
        if (take is null || take.Recording.Status != RecordingStatus.Pending)
        {
            await queue.CompleteAsync(job.Id, cancellationToken);
            return null;
        }

        var useAsr = transcriber.IsAvailable;
        var analyzed = await analyzer.AnalyzeAsync(take.Recording.AudioKey, useAsr, cancellationToken);
        string? transcript = null;
        double? match = null;
        if (useAsr && analyzed.Samples.Length > 0)
        {
            transcript = await transcriber.TranscribeAsync(analyzed.Samples, take.Prompt.Language, cancellationToken);
            match = WordErrorRate.MatchRatio(take.Prompt.Text, transcript);
        }

        var limit = recording.Value.LimitFor(take.Prompt.TargetDurationSeconds);
        var score = TakeScorer.Score(analyzed.Summary, match, limit);
        var decision = TakeDecision.For(score, quality.Value);
        var assessment = new RecordingAssessment
        {
            RecordingId = take.Recording.Id,
            QualityScore = score.Score,
            SnrDb = score.SnrDb,
            SnrScore = Round(score.Snr),
            Clarity = Round(score.Clarity),
            AudioQuality = Round(score.AudioQuality),
            Clipping = analyzed.Summary.ClippingRatio,
            ClippedMs = Math.Round(analyzed.Summary.ClippedMs, 1),
            SpeechMs = Math.Round(analyzed.Summary.SpeechMs),
            TranscriptMatch = match is { } m ? Round(m) : null,
            Transcript = transcript is { Length: > 2000 } ? transcript[..2000] : transcript,
            AsrModel = useAsr ? transcriber.ModelName : null,
            DecisionCode = decision.Code,
            RejectionReason = decision.Reason,
            PaymentCents = decision.PaymentCents,
            ScoredAt = clock.GetUtcNow(),
        };
        return await StoreAsync(job, take.Recording.ContributorId, assessment, decision.Status, cancellationToken);
    }

    private async Task<AssessmentOutcome?> StoreAsync(
        ClaimedJob job, Guid contributorId, RecordingAssessment assessment, RecordingStatus status, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var stillPending = await db.Database.SqlQuery<Guid>(
            $"SELECT id AS \"Value\" FROM recordings WHERE id = {assessment.RecordingId} AND status = 'Pending' FOR UPDATE")
            .ToListAsync(cancellationToken);
        AssessmentOutcome? outcome = null;
        if (stillPending.Count == 1)
        {
            db.RecordingAssessments.Add(assessment);
            await db.SaveChangesAsync(cancellationToken);
            await db.Recordings.Where(r => r.Id == assessment.RecordingId)
                .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status), cancellationToken);
            outcome = new AssessmentOutcome(assessment.RecordingId, contributorId, status, assessment.QualityScore, assessment.PaymentCents);
        }

        await queue.CompleteAsync(job.Id, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return outcome;
    }

    private static double Round(double value) => Math.Round(value, 3);
}
