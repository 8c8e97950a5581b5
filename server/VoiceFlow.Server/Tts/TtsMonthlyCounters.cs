using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Tts;

/// <summary>A request counted against its team's month before it starts.</summary>
public sealed record TtsReservation(Guid TeamId, DateOnly Month, DateTimeOffset At, bool Overage);

/// <summary>
/// Each team's requests this month, checked without a database round trip: the count is read once per team and month
/// (one primary-key lookup), then kept in memory as <c>written</c> (the <c>tts_usage_monthly</c> row as last seen) plus
/// <c>pending</c> (requests this node accepted whose usage events are not written yet). The usage writer moves requests
/// from pending to written with the row's new total, which also brings in what other nodes wrote; idle counts are re-read
/// in the background. On one node the count is exact; across nodes it can lag by the writers' batch delay.
/// </summary>
public sealed class TtsMonthlyCounters(IServiceScopeFactory scopes, TimeProvider clock, IOptions<TtsOptions> options, ILogger<TtsMonthlyCounters> logger)
{
    private readonly ConcurrentDictionary<(Guid TeamId, DateOnly Month), Lazy<Task<Counter>>> _counters = new();

    public static DateOnly MonthOf(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return new DateOnly(utc.Year, utc.Month, 1);
    }

    /// <summary>Counts a request, or returns null when the team is at its plan's monthly cap and the plan has no overage.</summary>
    public async ValueTask<TtsReservation?> TryReserveAsync(Guid teamId, TtsPlanLimits limits, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var month = MonthOf(now);
        var counter = await GetAsync(teamId, month, cancellationToken);
        TtsReservation? reservation;
        lock (counter)
        {
            long used = counter.Written + counter.Pending;
            bool overage = used >= limits.MonthlyRequests;
            if (overage && !limits.Overage)
            {
                reservation = null;
            }
            else
            {
                counter.Pending++;
                reservation = new TtsReservation(teamId, month, now, overage);
            }
        }

        if (now - counter.ReadAt > options.Value.Usage.CounterRefresh && Interlocked.Exchange(ref counter.Refreshing, 1) == 0)
        {
            _ = RefreshAsync(teamId, month, counter);
        }

        return reservation;
    }

    /// <summary>Takes back a reservation whose request sent nothing (it does not count).</summary>
    public void Release(TtsReservation reservation)
    {
        if (_counters.TryGetValue((reservation.TeamId, reservation.Month), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            var counter = lazy.Value.Result;
            lock (counter)
            {
                counter.Pending = Math.Max(0, counter.Pending - 1);
            }
        }
    }

    /// <summary>The writer stored <paramref name="requests"/> events of the team's month; the row now holds <paramref name="total"/> (null: unknown).</summary>
    public void Written(Guid teamId, DateOnly month, long requests, long? total)
    {
        if (_counters.TryGetValue((teamId, month), out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
        {
            var counter = lazy.Value.Result;
            lock (counter)
            {
                counter.Pending = Math.Max(0, counter.Pending - requests);
                counter.Written = total is { } t ? Math.Max(counter.Written, t) : counter.Written + requests;
            }
        }
    }

    /// <summary>Forgets counts of past months that have nothing pending.</summary>
    public void Prune()
    {
        var month = MonthOf(clock.GetUtcNow());
        foreach (var (key, lazy) in _counters)
        {
            if (key.Month < month && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully && lazy.Value.Result.Pending == 0)
            {
                _counters.TryRemove(KeyValuePair.Create(key, lazy));
            }
        }
    }

    private async Task<Counter> GetAsync(Guid teamId, DateOnly month, CancellationToken cancellationToken)
    {
        var key = (teamId, month);
        var lazy = _counters.GetOrAdd(key, k => new Lazy<Task<Counter>>(() => LoadAsync(k.TeamId, k.Month)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch when (lazy.Value.IsFaulted)
        {
            _counters.TryRemove(KeyValuePair.Create(key, lazy));
            throw;
        }
    }

    private async Task<Counter> LoadAsync(Guid teamId, DateOnly month) =>
        new() { Written = await ReadAsync(teamId, month), ReadAt = clock.GetUtcNow() };

    private async Task RefreshAsync(Guid teamId, DateOnly month, Counter counter)
    {
        try
        {
            long written = await ReadAsync(teamId, month);
            lock (counter)
            {
                // Totals only grow within a month, so the larger value is the more recent one.
                counter.Written = Math.Max(counter.Written, written);
                counter.ReadAt = clock.GetUtcNow();
            }
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not refresh the TTS request count of team {TeamId}", teamId);
        }
        finally
        {
            Volatile.Write(ref counter.Refreshing, 0);
        }
    }

    private async Task<long> ReadAsync(Guid teamId, DateOnly month)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        return await db.TtsUsageMonthly.AsNoTracking()
            .Where(m => m.TeamId == teamId && m.Month == month)
            .Select(m => m.Requests)
            .FirstOrDefaultAsync();
    }

    private sealed class Counter
    {
        public long Written;
        public long Pending;
        public DateTimeOffset ReadAt;
        public int Refreshing;
    }
}
