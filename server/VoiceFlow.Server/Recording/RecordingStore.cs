using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Quality;

namespace VoiceFlow.Server.Recording;

/// <summary>Commits a stored take: its recording row (pending) and its analysis job in one transaction.</summary>
public sealed class RecordingStore(VoiceFlowDbContext db)
{
    public async Task AddAsync(Guid recordingId, Guid contributorId, Guid promptId, string key, int durationMs, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Recordings.Add(new Recording
        {
            Id = recordingId,
            ContributorId = contributorId,
            PromptId = promptId,
            DurationMs = durationMs,
            AudioKey = key,
            CreatedAt = at,
        });
        db.AnalysisJobs.Add(new AnalysisJob { RecordingId = recordingId, RunAfter = at, CreatedAt = at });
        await db.SaveChangesAsync(cancellationToken);
        await db.Prompts.Where(p => p.Id == promptId)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.RecordingCount, p => p.RecordingCount + 1), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
