namespace VoiceFlow.Server.Infrastructure.RateLimiting;

public enum RateLimitPartition
{
    ClientIp,
    User,
}

/// <summary>Endpoint metadata: count this route against a named limit, per client IP or per signed-in user.</summary>
public sealed record RateLimitMetadata(string Policy, RateLimitPartition Partition);

public static class RateLimitEndpointExtensions
{
    public static TBuilder RateLimited<TBuilder>(this TBuilder builder, string policy, RateLimitPartition partition)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RateLimitMetadata(policy, partition));
}
