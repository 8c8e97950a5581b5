using System.Diagnostics;

namespace VoiceFlow.Server.Quality;

/// <summary>
/// Tells this node's idle analysis workers that a take was just queued here, so it is scored at once instead of at
/// the workers' next poll. Queuing only bumps a counter: the hub thread that commits a take wakes no low-priority
/// thread (and so never waits on a lock one holds); idle workers look at the counter ten times a second. Jobs queued on
/// other nodes, and retries that come due, are found by the regular poll (<see cref="QualityOptions.PollInterval"/>).
/// </summary>
public sealed class AnalysisJobSignal
{
    private static readonly TimeSpan LookEvery = TimeSpan.FromMilliseconds(100);
    private long _queued;

    /// <summary>Read before looking for work; pass it to <see cref="WaitAsync"/> so a job queued meanwhile is not missed.</summary>
    public long Seen => Volatile.Read(ref _queued);

    public void Queued() => Interlocked.Increment(ref _queued);

    /// <summary>Returns once a job has been queued on this node since <paramref name="seen"/>, or after <paramref name="atMost"/>.</summary>
    public async Task WaitAsync(long seen, TimeSpan atMost, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Volatile.Read(ref _queued) == seen)
        {
            var left = atMost - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(left < LookEvery ? left : LookEvery, cancellationToken);
        }
    }
}
