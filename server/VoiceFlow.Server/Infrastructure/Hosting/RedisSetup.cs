using StackExchange.Redis;

namespace VoiceFlow.Server.Infrastructure.Hosting;

/// <summary>Redis is optional: configured, it is the nodes' shared backplane and limiter store; absent, the node runs alone.</summary>
public static class RedisSetup
{
    public const string ConfigKey = "Redis:ConnectionString";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[ConfigKey]);

    public static IServiceCollection AddRedis(this IServiceCollection services, IConfiguration configuration)
    {
        if (IsConfigured(configuration))
        {
            var options = ConfigurationOptions.Parse(configuration[ConfigKey]!);
            options.AbortOnConnectFail = false;
            options.ClientName = "voiceflow";
            services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(options));
        }

        return services;
    }
}
