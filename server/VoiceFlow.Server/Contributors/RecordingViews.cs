using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Contributors;

/// <summary>Scores, metrics and payment stay null/0 until the quality pipeline has scored the take.</summary>
public sealed record RecordingMetricsView(double? SnrDb, double? Clarity, double? Clipping, double? TranscriptMatch);

public sealed record RecordingView(
    Guid Id, Guid PromptId, string Status, double DurationSeconds, int? QualityScore, RecordingMetricsView Metrics, int PaymentCents, DateTimeOffset CreatedAt);

public sealed class RecordingViews(VoiceFlowDbContext db)
{
    public async Task<List<RecordingView>> ListAsync(Guid contributorId, int page, int pageSize, CancellationToken cancellationToken) =>
        (await Mine(contributorId).OrderByDescending(r => r.CreatedAt).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken))
            .Select(ToView).ToList();

    public async Task<RecordingView?> FindAsync(Guid contributorId, Guid id, CancellationToken cancellationToken) =>
        await Mine(contributorId).FirstOrDefaultAsync(r => r.Id == id, cancellationToken) is { } recording ? ToView(recording) : null;

    private IQueryable<Recording.Recording> Mine(Guid contributorId) =>
        db.Recordings.AsNoTracking().Where(r => r.ContributorId == contributorId);

    private static RecordingView ToView(Recording.Recording r) => new(
        r.Id, r.PromptId, r.Status.ToString().ToLowerInvariant(), r.DurationMs / 1000.0, null,
        new RecordingMetricsView(null, null, null, null), 0, r.CreatedAt);
}
