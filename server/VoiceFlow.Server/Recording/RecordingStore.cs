using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Quality;
using VoiceFlow.Server.Recording.Prompts;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// Commits a stored take: its recording row (pending) and its analysis job in one transaction (one SaveChanges), and
/// tells this node's idle analysis workers. The prompt's recording count follows within seconds (<see cref="PromptTally"/>).
/// </summary>
public sealed class RecordingStore(VoiceFlowDbContext db, PromptTally tally, AnalysisJobSignal analysisQueued)
{
    public async Task AddAsync(Guid recordingId, Guid contributorId, Guid promptId, string key, int durationMs, DateTimeOffset at, CancellationToken cancellationToken)
    {
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
        analysisQueued.Queued();
        tally.Add(promptId);
    }
}
