using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Quality.Jobs;

/// <summary>A job this node holds the lease on.</summary>
public sealed record ClaimedJob(Guid Id, Guid RecordingId, int Attempts);

/// <summary>
/// The analysis queue in PostgreSQL. Nodes take jobs with <c>FOR UPDATE SKIP LOCKED</c>, so two workers never take
/// the same job at once; a lease lets another node take over a job whose node died. Failures retry with doubling
/// backoff and are parked, error kept, after <see cref="QualityOptions.MaxAttempts"/>.
/// </summary>
public sealed class AnalysisJobQueue(VoiceFlowDbContext db, IOptions<QualityOptions> options, TimeProvider clock)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    public static string NodeName { get; } = $"{Environment.MachineName}:{Environment.ProcessId}";

    public async Task<ClaimedJob?> ClaimAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var leaseUntil = now + options.Value.Lease;
        var claimed = await db.Database.SqlQuery<ClaimedJob>(
            $"""
            UPDATE analysis_jobs AS j
            SET status = 'Running', attempts = j.attempts + 1, lease_until = {leaseUntil}, locked_by = {NodeName}
            WHERE j.id = (
                SELECT id FROM analysis_jobs
                WHERE (status = 'Queued' AND run_after <= {now}) OR (status = 'Running' AND lease_until < {now})
                ORDER BY run_after
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING j.id, j.recording_id, j.attempts
            """).ToListAsync(cancellationToken);
        return claimed.SingleOrDefault();
    }

    /// <summary>Keeps the lease while a long job runs; false when the lease was lost to another node.</summary>
    public async Task<bool> RenewAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var leaseUntil = clock.GetUtcNow() + options.Value.Lease;
        return await db.AnalysisJobs
            .Where(j => j.Id == jobId && j.Status == AnalysisJobStatus.Running && j.LockedBy == NodeName)
            .ExecuteUpdateAsync(s => s.SetProperty(j => j.LeaseUntil, leaseUntil), cancellationToken) == 1;
    }

    /// <summary>Marks the job done; called inside the transaction that stores its result.</summary>
    public Task CompleteAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return db.AnalysisJobs.Where(j => j.Id == jobId).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, AnalysisJobStatus.Done)
            .SetProperty(j => j.CompletedAt, now)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.LockedBy, (string?)null)
            .SetProperty(j => j.LastError, (string?)null), cancellationToken);
    }

    /// <summary>Queues the job again after a backoff, or parks it when it has used its attempts. True when parked.</summary>
    public async Task<bool> FailAsync(ClaimedJob job, string error, CancellationToken cancellationToken)
    {
        var rules = options.Value;
        var parked = job.Attempts >= rules.MaxAttempts;
        var backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, rules.RetryBackoff.Ticks * (1L << Math.Min(job.Attempts - 1, 20))));
        var runAfter = clock.GetUtcNow() + backoff;
        var message = error.Length > 2000 ? error[..2000] : error;
        await db.AnalysisJobs.Where(j => j.Id == job.Id).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, parked ? AnalysisJobStatus.Parked : AnalysisJobStatus.Queued)
            .SetProperty(j => j.RunAfter, runAfter)
            .SetProperty(j => j.LastError, message)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.LockedBy, (string?)null), cancellationToken);
        return parked;
    }

    /// <summary>Gives a job back untouched when its node shuts down mid-way (the attempt does not count).</summary>
    public Task ReleaseAsync(ClaimedJob job, CancellationToken cancellationToken) =>
        db.AnalysisJobs.Where(j => j.Id == job.Id && j.Status == AnalysisJobStatus.Running && j.LockedBy == NodeName).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, AnalysisJobStatus.Queued)
            .SetProperty(j => j.Attempts, j => j.Attempts - 1)
            .SetProperty(j => j.LeaseUntil, (DateTimeOffset?)null)
            .SetProperty(j => j.LockedBy, (string?)null), cancellationToken);

    /// <summary>An operator sends a parked job back to the queue with fresh attempts.</summary>
    public async Task<bool> RetryParkedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.AnalysisJobs.Where(j => j.Id == jobId && j.Status == AnalysisJobStatus.Parked).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, AnalysisJobStatus.Queued)
            .SetProperty(j => j.Attempts, 0)
            .SetProperty(j => j.RunAfter, now), cancellationToken) == 1;
    }
}
