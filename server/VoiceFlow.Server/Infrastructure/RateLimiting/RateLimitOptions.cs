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
