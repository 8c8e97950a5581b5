using StackExchange.Redis;

namespace VoiceFlow.Server.Infrastructure.RateLimiting;

/// <summary>The same sliding window as the memory store, kept in Redis by one atomic script so every node shares it.</summary>
internal sealed class RedisRateLimitStore(IConnectionMultiplexer redis, TimeProvider clock, ILogger<RedisRateLimitStore> logger) : IRateLimitStore
{
    // Returns {allowed, previous, current}. Counts only allowed hits, so a blocked client cannot extend its own block.
    private const string Script = """
        local window = tonumber(ARGV[2])
        local now = tonumber(ARGV[3])
        local limit = tonumber(ARGV[1])
        local start = now - (now % window)
        local current_key = KEYS[1] .. ':' .. start
        local previous = tonumber(redis.call('GET', KEYS[1] .. ':' .. (start - window)) or '0')
        local current = tonumber(redis.call('GET', current_key) or '0')
        local estimate = math.ceil(previous * (1 - (now - start) / window)) + current
        if estimate >= limit then
          return {0, previous, current}
        end
        current = redis.call('INCR', current_key)
        redis.call('PEXPIRE', current_key, window * 2)
        return {1, previous, current}
        """;

    public async ValueTask<RateLimitDecision> HitAsync(string key, RateLimitRule rule, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var windowMs = (long)rule.Window.TotalMilliseconds;
        try
        {
            var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(
                Script, [new RedisKey(key)], [rule.Limit, windowMs, now]))!;
            if ((long)result[0] == 1)
            {
                return RateLimitDecision.Allow;
            }

            var elapsed = TimeSpan.FromMilliseconds(now % windowMs);
            return new RateLimitDecision(false, SlidingWindow.RetryAfter((long)result[1], (long)result[2], rule.Limit, rule.Window, elapsed));
        }
        catch (RedisException e)
        {
            // Failing open keeps the product up when Redis blips; the limits protect, they are not the product.
            logger.LogWarning(e, "Rate limit store unavailable; allowing the request");
            return RateLimitDecision.Allow;
        }
    }
}
