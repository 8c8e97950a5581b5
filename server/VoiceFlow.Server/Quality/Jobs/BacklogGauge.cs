using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Quality.Jobs;

/// <summary>Reads the cluster-wide backlog (pending and in-review takes, parked jobs) into gauges every few seconds.</summary>
public sealed class BacklogGauge(IServiceScopeFactory scopes, IOptions<QualityOptions> options, QualityMetrics metrics, ILogger<BacklogGauge> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PendingGaugeInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
                var byStatus = await db.Recordings
                    .Where(r => r.Status == RecordingStatus.Pending || r.Status == RecordingStatus.Review)
                    .GroupBy(r => r.Status).Select(g => new { Status = g.Key, Count = g.Count() })
                    .ToDictionaryAsync(g => g.Status, g => g.Count, stoppingToken);
                var parked = await db.AnalysisJobs.CountAsync(j => j.Status == AnalysisJobStatus.Parked, stoppingToken);
                metrics.Backlog(byStatus.GetValueOrDefault(RecordingStatus.Pending), byStatus.GetValueOrDefault(RecordingStatus.Review), parked);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Could not read the recordings backlog");
            }
        }
    }
}
