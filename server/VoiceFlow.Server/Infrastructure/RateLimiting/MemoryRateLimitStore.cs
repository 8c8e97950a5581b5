using System.Collections.Concurrent;

namespace VoiceFlow.Server.Infrastructure.RateLimiting;

internal sealed class MemoryRateLimitStore(TimeProvider clock) : IRateLimitStore
{
    private readonly ConcurrentDictionary<string, Counter> _counters = new();
    private long _hitsSinceSweep;

    public ValueTask<RateLimitDecision> HitAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)rule.Window.TotalMilliseconds;
        var windowStart = now - (now % windowMs);
        var counter = _counters.GetOrAdd(key, _ => new Counter());
        RateLimitDecision decision;
        lock (counter)
        {
            if (counter.WindowStart != windowStart)
            {
                counter.Previous = counter.WindowStart == windowStart - windowMs ? counter.Current : 0;
                counter.Current = 0;
                counter.WindowStart = windowStart;
            }

            var elapsed = now - windowStart;
            var estimate = SlidingWindow.Estimate(counter.Previous, counter.Current, (double)elapsed / windowMs);
            if (estimate >= rule.Limit)
            {
                decision = new RateLimitDecision(false, SlidingWindow.RetryAfter(
                    counter.Previous, counter.Current, rule.Limit, rule.Window, TimeSpan.FromMilliseconds(elapsed)));
            }
            else
            {
                counter.Current++;
                decision = RateLimitDecision.Allow;
            }
        }

        if (Interlocked.Increment(ref _hitsSinceSweep) % 10_000 == 0)
        {
            Sweep(now);
        }

        return ValueTask.FromResult(decision);
    }

    // Forget keys idle for a day so the dictionary does not grow without bound.
    private void Sweep(long now)
    {
        foreach (var (key, counter) in _counters)
        {
            if (now - counter.WindowStart > TimeSpan.FromDays(1).TotalMilliseconds)
            {
                _counters.TryRemove(key, out _);
            }
        }
    }

    private sealed class Counter
    {
        public long WindowStart;
        public long Previous;
        public long Current;
    }
}
