using System.Diagnostics;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Threading;

namespace VoiceFlow.Server.Quality.Jobs;

/// <summary>
/// Scores queued takes on this node: <see cref="QualityOptions.Workers"/> loops, each taking one job at a time from
/// the shared queue. Every node runs one; the queue makes sure they never take the same job. The loops run on threads
/// of their own at <see cref="QualityOptions.WorkerNice"/>: on a node that also records takes, scoring takes the CPU the
/// live streams leave, and a backlog waits in the queue rather than in the streams' Feedback.
/// </summary>
public sealed class AnalysisWorker(
    IServiceScopeFactory scopes,
    IOptions<QualityOptions> options,
    QualityMetrics metrics,
    RecordingScoredNotifier notifier,
    AnalysisJobSignal queuedHere,
    ILogger<AnalysisWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Workers == 0)
        {
            return;
        }

        using var threads = new LowPriorityScheduler("Take scoring", settings.Workers, settings.WorkerNice);
        await Task.WhenAll(Enumerable.Range(0, settings.Workers).Select(_ => threads.Run(() => LoopAsync(stoppingToken), stoppingToken)));
    }

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            bool worked;
            var seen = queuedHere.Seen;
            try
            {
                worked = await RunOneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "The analysis queue could not be read; retrying");
                worked = false;
            }

            if (!worked)
            {
                try
                {
                    await queuedHere.WaitAsync(seen, options.Value.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Takes and runs one job; false when the queue had nothing ready.</summary>
    private async Task<bool> RunOneAsync(CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<AnalysisJobQueue>();
        if (await queue.ClaimAsync(stoppingToken) is not { } job)
        {
            return false;
        }

        if (job.Attempts > options.Value.MaxAttempts)
        {
            // Taken again after its node died too often: likely the take itself kills the worker.
            await queue.FailAsync(job, "The job's lease expired on every attempt (the node running it stopped).", stoppingToken);
            metrics.Failed(parked: true);
            return true;
        }

        using var lease = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var renewing = KeepLeaseAsync(job, lease.Token);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outcome = await scope.ServiceProvider.GetRequiredService<TakeAssessor>().AssessAsync(job, lease.Token);
            metrics.Analyzed(Stopwatch.GetElapsedTime(started));
            if (outcome is not null)
            {
                metrics.Decided(outcome.Status);
                logger.LogInformation("Recording {RecordingId} scored {Score}: {Status}", outcome.RecordingId, outcome.QualityScore, outcome.Status);
                await notifier.NotifyAsync(outcome.ContributorId, outcome.RecordingId, outcome.Status, outcome.QualityScore, outcome.PaymentCents);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            await queue.ReleaseAsync(job, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            var parked = await queue.FailAsync(job, $"{e.GetType().Name}: {e.Message}", CancellationToken.None);
            metrics.Failed(parked);
            logger.Log(parked ? LogLevel.Error : LogLevel.Warning, e,
                "Analysis of recording {RecordingId} failed (attempt {Attempt}){Parked}", job.RecordingId, job.Attempts, parked ? "; parked" : "; will retry");
        }
        finally
        {
            await lease.CancelAsync();
            await renewing;
        }

        return true;
    }

    private async Task KeepLeaseAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var every = options.Value.Lease / 3;
        try
        {
            while (true)
            {
                // The lease ends with every job: a cancelled wait is the normal way out, not an exception to throw.
                await Task.Delay(every, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (cancellationToken.IsCancellationRequested)
                {
                    return;
                }

                await using var scope = scopes.CreateAsyncScope();
                if (!await scope.ServiceProvider.GetRequiredService<AnalysisJobQueue>().RenewAsync(job.Id, cancellationToken))
                {
                    logger.LogWarning("Lost the lease on analysis job {JobId}", job.Id);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not renew the lease on analysis job {JobId}", job.Id);
        }
    }
}
