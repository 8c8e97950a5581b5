using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Quality;
using VoiceFlow.Server.Recording.Playback;

namespace VoiceFlow.Server.Contributors;

/// <summary>Metrics are 0-1 except <c>snrDb</c>; <c>clipping</c> is the share of clipped samples. Null until the take is scored.</summary>
public sealed record RecordingMetricsView(double? SnrDb, double? Clarity, double? Clipping, double? TranscriptMatch);

public sealed record RecordingView(
    Guid Id,
    Guid PromptId,
    string PromptText,
    string Status,
    double DurationSeconds,
    int? QualityScore,
    RecordingMetricsView Metrics,
    int PaymentCents,
    DateTimeOffset CreatedAt,
    string? RejectionReason,
    string? Transcript,
    string PlaybackUrl);

public sealed class RecordingViews(VoiceFlowDbContext db, PlaybackUrls playback)
{
    public async Task<List<RecordingView>> ListAsync(Guid contributorId, int page, int pageSize, CancellationToken cancellationToken) =>
        (await WithAssessments(Mine(contributorId).OrderByDescending(r => r.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize))
            .ToListAsync(cancellationToken))
            .Select(ToView).ToList();

    public async Task<RecordingView?> FindAsync(Guid contributorId, Guid id, CancellationToken cancellationToken) =>
        await WithAssessments(Mine(contributorId).Where(r => r.Id == id)).FirstOrDefaultAsync(cancellationToken) is { } row
            ? ToView(row)
            : null;

    private IQueryable<Recording.Recording> Mine(Guid contributorId) =>
        db.Recordings.AsNoTracking().Where(r => r.ContributorId == contributorId);

    private IQueryable<Row> WithAssessments(IQueryable<Recording.Recording> recordings) =>
        from r in recordings
        join p in db.Prompts on r.PromptId equals p.Id
        join a in db.RecordingAssessments on r.Id equals a.RecordingId into assessed
        from a in assessed.DefaultIfEmpty()
        orderby r.CreatedAt descending
        select new Row(r, p.Text, a);

    private RecordingView ToView(Row row) => ToView(row.Recording, row.PromptText, row.Assessment);

    private RecordingView ToView(Recording.Recording r, string promptText, RecordingAssessment? a) => new(
        r.Id, r.PromptId, promptText, r.Status.ToString().ToLowerInvariant(), r.DurationMs / 1000.0, a?.QualityScore,
        new RecordingMetricsView(a?.SnrDb, a?.Clarity, a?.Clipping, a?.TranscriptMatch),
        r.Status == Recording.RecordingStatus.Approved ? a?.PaymentCents ?? 0 : 0,
        r.CreatedAt, a?.RejectionReason, a?.Transcript, playback.For(r.Id));

    private sealed record Row(Recording.Recording Recording, string PromptText, RecordingAssessment? Assessment);
}
