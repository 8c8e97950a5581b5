using StackExchange.Redis;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Infrastructure.RateLimiting;

public static class RateLimitingSetup
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section))
            .Validate(o => o.Policies.Values.All(r => r.Limit > 0 && r.Window >= TimeSpan.FromSeconds(1)),
                "Every rate limit needs a positive Limit and a Window of at least one second.")
            .Validate(o => o.Concurrency.PermitLimit >= 0 && o.Concurrency.QueueLimit >= 0,
                "RateLimits:Concurrency:PermitLimit and QueueLimit cannot be negative.")
            .ValidateOnStart();
        if (RedisSetup.IsConfigured(configuration))
        {
            services.AddSingleton<IRateLimitStore>(sp => new RedisRateLimitStore(
                sp.GetRequiredService<IConnectionMultiplexer>(), sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<RedisRateLimitStore>>()));
        }
        else
        {
            services.AddSingleton<IRateLimitStore, MemoryRateLimitStore>();
        }

        services.AddSingleton<RateLimiter>();
        services.AddSingleton<ApiConcurrencyGate>();
        return services;
    }

    /// <summary>Admission control for the API (before authentication, which reads the database).</summary>
    public static IApplicationBuilder UseApiConcurrencyLimit(this IApplicationBuilder app) => app.UseMiddleware<ApiConcurrencyMiddleware>();

    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
