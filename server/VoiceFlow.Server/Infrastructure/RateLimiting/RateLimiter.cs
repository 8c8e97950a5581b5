using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Infrastructure.RateLimiting;

/// <summary>Applies a named limit to a partition (an IP, an email, a user, a team).</summary>
public sealed class RateLimiter(IRateLimitStore store, IOptionsMonitor<RateLimitOptions> options)
{
    public ValueTask<RateLimitDecision> HitAsync(string policy, string partition, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        if (!settings.Policies.TryGetValue(policy, out var rule))
        {
            throw new InvalidOperationException($"No rate limit policy named '{policy}' is configured.");
        }

        return store.HitAsync($"{settings.KeyPrefix}{policy}:{partition}", rule, cancellationToken);
    }

    public static ProblemHttpResult TooManyRequests(HttpContext http, RateLimitDecision decision)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(decision.RetryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
            detail: $"Rate limit reached: retry in {seconds} s.");
    }
}
