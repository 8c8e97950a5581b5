using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Infrastructure.RateLimiting;

public sealed class RateLimitRule
{
    [Range(1, 1_000_000)]
    public int Limit { get; set; }

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Window { get; set; }
}

/// <summary>Named limits, bound from the RateLimits section so operators can tune them without a build.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Requests of <c>/api</c> and <c>/connect</c> running at once on this node, and waiting; beyond both: 503.</summary>
    public ApiConcurrencyOptions Concurrency { get; set; } = new();

    /// <summary>Prefix of the Redis keys, so several deployments can share one Redis.</summary>
    public string KeyPrefix { get; set; } = "voiceflow:rl:";

    public Dictionary<string, RateLimitRule> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [RateLimitPolicies.LoginByIp] = new() { Limit = 5, Window = TimeSpan.FromMinutes(1) },
        [RateLimitPolicies.LoginByEmail] = new() { Limit = 5, Window = TimeSpan.FromMinutes(1) },
        [RateLimitPolicies.Register] = new() { Limit = 3, Window = TimeSpan.FromHours(1) },
        [RateLimitPolicies.CreateDeployment] = new() { Limit = 10, Window = TimeSpan.FromHours(1) },
        [RateLimitPolicies.CreateApiKey] = new() { Limit = 5, Window = TimeSpan.FromHours(1) },
        [RateLimitPolicies.Anonymous] = new() { Limit = 100, Window = TimeSpan.FromMinutes(1) },
        [RateLimitPolicies.Authenticated] = new() { Limit = 1000, Window = TimeSpan.FromMinutes(1) },
    };
}

public sealed class ApiConcurrencyOptions
{
    /// <summary>Requests running at once (kept below the database pool of 100); 0 turns admission control off.</summary>
    [Range(0, 100_000)]
    public int PermitLimit { get; set; } = 64;

    /// <summary>Requests waiting in arrival order for a permit; more than that are answered 503 at once.</summary>
    [Range(0, 1_000_000)]
    public int QueueLimit { get; set; } = 1000;
}

public static class RateLimitPolicies
{
    public const string LoginByIp = "login-ip";
    public const string LoginByEmail = "login-email";
    public const string Register = "register";
    public const string CreateDeployment = "create-deployment";
    public const string CreateApiKey = "create-api-key";
    public const string Anonymous = "api-anonymous";
    public const string Authenticated = "api-authenticated";
}
