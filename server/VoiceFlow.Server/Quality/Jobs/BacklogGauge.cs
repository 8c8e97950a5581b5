using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Quality.Jobs;

/// <summary>
/// Reads the cluster-wide backlog (pending and in-review takes, parked jobs) into gauges every few seconds: exact up to
/// <see cref="ExactUpTo"/>, estimated above it, so a large backlog costs the database no more than a small one.
/// </summary>
public sealed class BacklogGauge(IServiceScopeFactory scopes, IOptions<QualityOptions> options, QualityMetrics metrics, ILogger<BacklogGauge> logger)
    : BackgroundService
{
    public const int ExactUpTo = 10_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PendingGaugeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
                // Ordered as their (status, time) indexes are, so the database reads the first entries of an index.
                var pending = db.Recordings.Where(r => r.Status == RecordingStatus.Pending).OrderBy(r => r.CreatedAt);
                var inReview = db.Recordings.Where(r => r.Status == RecordingStatus.Review).OrderBy(r => r.CreatedAt);
                var parked = db.AnalysisJobs.Where(j => j.Status == AnalysisJobStatus.Parked).OrderBy(j => j.RunAfter);
                metrics.Backlog(
                    await pending.CountOrEstimateAsync(db, ExactUpTo, stoppingToken),
                    await inReview.CountOrEstimateAsync(db, ExactUpTo, stoppingToken),
                    await parked.CountOrEstimateAsync(db, ExactUpTo, stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the recordings backlog");
            }
        }
    }
}
