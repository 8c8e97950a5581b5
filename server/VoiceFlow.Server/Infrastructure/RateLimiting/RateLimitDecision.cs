namespace VoiceFlow.Server.Infrastructure.RateLimiting;

public readonly record struct RateLimitDecision(bool Allowed, TimeSpan RetryAfter)
{
    public static readonly RateLimitDecision Allow = new(true, TimeSpan.Zero);
}

/// <summary>
/// Sliding-window counting over two fixed windows: the previous window's count is weighted by how much of it
/// still overlaps the sliding window. Smooth at window edges, and only two counters per key.
/// </summary>
public static class SlidingWindow
{
    /// <summary>
    /// Hits counted against the limit: this window's, and the previous window's weighted by how much of it still
    /// overlaps the sliding window. The weighted part is rounded up, so hits just before a window boundary still count
    /// in full just after it, rather than letting one more through the moment the window turns.
    /// </summary>
    public static double Estimate(long previous, long current, double elapsedFraction) =>
        Math.Ceiling(previous * (1 - elapsedFraction)) + current;

    /// <summary>How long until one more hit fits under the limit.</summary>
    public static TimeSpan RetryAfter(long previous, long current, int limit, TimeSpan window, TimeSpan elapsed)
    {
        if (current >= limit || previous == 0)
        {
            return window - elapsed;
        }

        // ceil(previous * (1 - (elapsed + t) / window)) + current < limit
        //   =>  previous * (1 - (elapsed + t) / window) <= limit - current - 1
        //   =>  t >= window * (1 - (limit - current - 1) / previous) - elapsed
        var wait = window * (1 - (double)(limit - current - 1) / previous) - elapsed;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
    }
}
