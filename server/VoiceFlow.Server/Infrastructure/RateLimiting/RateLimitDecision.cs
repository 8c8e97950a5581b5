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
    public static double Estimate(long previous, long current, double elapsedFraction) =>
        previous * (1 - elapsedFraction) + current;

    /// <summary>How long until one more hit fits under the limit.</summary>
    public static TimeSpan RetryAfter(long previous, long current, int limit, TimeSpan window, TimeSpan elapsed)
    {
        if (current >= limit || previous == 0)
        {
            return window - elapsed;
        }

        // previous * (1 - (elapsed + t) / window) + current < limit  =>  t > window * (1 - (limit - current) / previous) - elapsed
        var wait = window * (1 - (double)(limit - current) / previous) - elapsed;
        return wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1);
    }
}
