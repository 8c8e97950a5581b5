using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.ApiKeys;

public sealed class ApiKeyUsageOptions
{
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Writes counted key uses every few seconds and once more at shutdown. Increments, so nodes never overwrite each other.</summary>
internal sealed class ApiKeyUsageFlusher(
    ApiKeyUsageTracker tracker, IServiceScopeFactory scopes, IOptions<ApiKeyUsageOptions> options, ILogger<ApiKeyUsageFlusher> logger)
    : PeriodicFlusher(options.Value.FlushInterval)
{
    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        var batch = tracker.Drain();
        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            foreach (var (keyId, usage) in batch)
            {
                await db.ApiKeys.Where(k => k.Id == keyId).ExecuteUpdateAsync(set => set
                    .SetProperty(k => k.RequestCount, k => k.RequestCount + usage.Count)
                    .SetProperty(k => k.LastUsedAt, k => k.LastUsedAt == null || k.LastUsedAt < usage.LastUsedAt ? usage.LastUsedAt : k.LastUsedAt),
                    cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (Exception e)
        {
            tracker.Restore(batch);
            logger.LogWarning(e, "Could not write usage of {KeyCount} API keys; will retry", batch.Count);
        }
    }
}
