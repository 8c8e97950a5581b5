namespace VoiceFlow.Server.Infrastructure.RateLimiting;

/// <summary>Counts hits per key. One store per process: in memory for a single node, Redis for a cluster.</summary>
public interface IRateLimitStore
{
    ValueTask<RateLimitDecision> HitAsync(string key, RateLimitRule rule, CancellationToken cancellationToken);
}
