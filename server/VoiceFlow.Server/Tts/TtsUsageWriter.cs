using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Tts;

/// <summary>
/// Usage events on their way to the database. Recording is a non-blocking write to a bounded channel, so a stream never
/// waits for the database; <see cref="TtsUsageWriter"/> drains it in batches.
/// </summary>
public sealed class TtsUsageQueue(IOptions<TtsOptions> options, TtsMonthlyCounters counters, ILogger<TtsUsageQueue> logger)
{
    private readonly Channel<TtsUsageEvent> _channel = Channel.CreateBounded<TtsUsageEvent>(
        new BoundedChannelOptions(options.Value.Usage.QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    public ChannelReader<TtsUsageEvent> Reader => _channel.Reader;

    public void Record(TtsUsageEvent usage, TtsReservation reservation)
    {
        if (!_channel.Writer.TryWrite(usage))
        {
            // Only when the database has been unreachable long enough to fill the queue.
            counters.Release(reservation);
            TtsMetrics.UsageEventsDropped.Inc();
            logger.LogError("TTS usage queue full; dropped the usage event of team {TeamId}", usage.TeamId);
        }
    }
}

/// <summary>
/// Writes usage events in batches, each batch with its teams' <c>tts_usage_monthly</c> increments in one transaction,
/// and hands the new monthly totals to <see cref="TtsMonthlyCounters"/>. A failed batch is retried; what is queued at
/// shutdown is written before the host stops.
/// </summary>
public sealed class TtsUsageWriter(
    TtsUsageQueue queue, TtsMonthlyCounters counters, IServiceScopeFactory scopes, TimeProvider clock,
    IOptions<TtsOptions> options, ILogger<TtsUsageWriter> logger) : BackgroundService
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private List<TtsUsageEvent>? _failed;
    private DateTimeOffset _prunedAt;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Usage;
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await Task.Delay(settings.BatchDelay, clock, stoppingToken);
                if (!await WriteQueuedAsync(CancellationToken.None))
                {
                    await Task.Delay(settings.RetryDelay, clock, stoppingToken);
                }

                if (clock.GetUtcNow() - _prunedAt > TimeSpan.FromHours(1))
                {
                    _prunedAt = clock.GetUtcNow();
                    counters.Prune();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Writes every event queued so far; false when the database refused (the events stay queued).</summary>
    public Task<bool> FlushAsync(CancellationToken cancellationToken = default) => WriteQueuedAsync(cancellationToken);

    private async Task<bool> WriteQueuedAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            while (true)
            {
                var batch = _failed ?? Take(options.Value.Usage.BatchSize);
                if (batch.Count == 0)
                {
                    return true;
                }

                try
                {
                    await WriteAsync(batch, cancellationToken);
                    _failed = null;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    _failed = batch;
                    logger.LogWarning(e, "Could not write {Count} TTS usage events; will retry", batch.Count);
                    return false;
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private List<TtsUsageEvent> Take(int count)
    {
        var batch = new List<TtsUsageEvent>();
        while (batch.Count < count && queue.Reader.TryRead(out var usage))
        {
            batch.Add(usage);
        }

        return batch;
    }

    private async Task WriteAsync(List<TtsUsageEvent> batch, CancellationToken cancellationToken)
    {
        var months = batch
            .GroupBy(e => (e.TeamId, Month: TtsMonthlyCounters.MonthOf(e.At)))
            .Select(g => new MonthIncrement(g.Key.TeamId, g.Key.Month, g.Count(), g.Sum(e => (long)e.Characters), g.Sum(e => e.AudioSeconds), g.Count(e => e.Overage)))
            .ToList();
        var totals = new List<long?>();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            db.TtsUsageEvents.AddRange(batch);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var m in months)
            {
                var total = await db.Database.SqlQuery<long>($"""
                    INSERT INTO tts_usage_monthly (team_id, month, requests, characters, audio_seconds, overage_requests)
                    VALUES ({m.TeamId}, {m.Month}, {m.Requests}, {m.Characters}, {m.AudioSeconds}, {m.Overage})
                    ON CONFLICT (team_id, month) DO UPDATE SET
                        requests = tts_usage_monthly.requests + excluded.requests,
                        characters = tts_usage_monthly.characters + excluded.characters,
                        audio_seconds = tts_usage_monthly.audio_seconds + excluded.audio_seconds,
                        overage_requests = tts_usage_monthly.overage_requests + excluded.overage_requests
                    RETURNING requests AS "Value"
                    """).ToListAsync(cancellationToken);
                totals.Add(total.Single());
            }

            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // A retry of a batch whose commit went through although the connection failed before it was acknowledged.
            logger.LogWarning("TTS usage batch of {Count} events was already written", batch.Count);
            totals = months.Select(_ => (long?)null).ToList();
        }

        for (int i = 0; i < months.Count; i++)
        {
            counters.Written(months[i].TeamId, months[i].Month, months[i].Requests, totals[i]);
        }
    }

    private sealed record MonthIncrement(Guid TeamId, DateOnly Month, int Requests, long Characters, double AudioSeconds, int Overage);
}
