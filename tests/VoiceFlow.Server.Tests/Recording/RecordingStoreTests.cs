using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Quality;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>The commit of a take writes its rows in SQL of its own; what it wrote must read back through the model.</summary>
public sealed class RecordingStoreTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    // Whole microseconds: what PostgreSQL keeps of a timestamp.
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 12, 4, 18, 30, 15, TimeSpan.Zero).AddTicks(1_234_560);

    private async Task CommitAsync(Guid recordingId, Guid contributorId, Guid promptId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RecordingStore>()
            .AddAsync(recordingId, contributorId, promptId, $"recordings/test/{recordingId:N}.wav", 4321, At, CancellationToken.None);
    }

    private async Task<(VoiceFlow.Server.Recording.Recording? Recording, AnalysisJob? Job)> ReadAsync(Guid recordingId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        return (await db.Recordings.AsNoTracking().SingleOrDefaultAsync(r => r.Id == recordingId),
            await db.AnalysisJobs.AsNoTracking().SingleOrDefaultAsync(j => j.RecordingId == recordingId));
    }

    [Fact]
    public async Task A_committed_take_reads_back_as_a_pending_recording_with_a_queued_job()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        var prompt = await contributor.FirstPromptAsync();
        var recordingId = Guid.CreateVersion7();

        await CommitAsync(recordingId, contributor.Id, prompt);

        var (recording, job) = await ReadAsync(recordingId);
        Assert.NotNull(recording);
        Assert.Equal((contributor.Id, prompt, RecordingStatus.Pending, 4321, $"recordings/test/{recordingId:N}.wav", At),
            (recording.ContributorId, recording.PromptId, recording.Status, recording.DurationMs, recording.AudioKey, recording.CreatedAt));
        Assert.NotNull(job);
        Assert.NotEqual(Guid.Empty, job.Id);
        Assert.Equal((AnalysisJobStatus.Queued, 0, At, At), (job.Status, job.Attempts, job.RunAfter, job.CreatedAt));
        Assert.Null(job.LeaseUntil);
        Assert.Null(job.LockedBy);
        Assert.Null(job.LastError);
        Assert.Null(job.CompletedAt);
    }

    [Fact]
    public async Task A_take_whose_prompt_is_gone_commits_neither_row()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        var recordingId = Guid.CreateVersion7();

        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => CommitAsync(recordingId, contributor.Id, Guid.NewGuid()));

        Assert.Equal(Npgsql.PostgresErrorCodes.ForeignKeyViolation, refused.SqlState);
        Assert.Equal((null, null), await ReadAsync(recordingId));
    }
}
