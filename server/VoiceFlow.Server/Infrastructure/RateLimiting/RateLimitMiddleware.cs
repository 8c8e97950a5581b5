using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.ApiKeys;

namespace VoiceFlow.Server.Infrastructure.RateLimiting;

/// <summary>
/// Every /api request counts against the general limit (per user or key when authenticated, per IP otherwise);
/// routes with <see cref="RateLimitMetadata"/> also count against their own limit. Over a limit: 429 with Retry-After.
/// </summary>
internal sealed class RateLimitMiddleware(RequestDelegate next, RateLimiter limiter)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var path = http.Request.Path;
        if (!path.StartsWithSegments("/api") && !path.StartsWithSegments("/connect"))
        {
            await next(http);
            return;
        }

        var ip = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var caller = http.User.UserId()?.ToString() ?? http.User.ApiKeyId()?.ToString();
        var general = caller is null
            ? await limiter.HitAsync(RateLimitPolicies.Anonymous, ip, http.RequestAborted)
            : await limiter.HitAsync(RateLimitPolicies.Authenticated, caller, http.RequestAborted);
        if (!general.Allowed)
        {
            await RateLimiter.TooManyRequests(http, general).ExecuteAsync(http);
            return;
        }

        if (http.GetEndpoint()?.Metadata.GetMetadata<RateLimitMetadata>() is { } route)
        {
            var partition = route.Partition == RateLimitPartition.User ? caller ?? ip : ip;
            var decision = await limiter.HitAsync(route.Policy, partition, http.RequestAborted);
            if (!decision.Allowed)
            {
                await RateLimiter.TooManyRequests(http, decision).ExecuteAsync(http);
                return;
            }
        }

        await next(http);
    }
}
