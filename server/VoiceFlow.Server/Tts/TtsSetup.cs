using Microsoft.Extensions.DependencyInjection.Extensions;
using StackExchange.Redis;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Tts;

public static class TtsSetup
{
    public static IServiceCollection AddTts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TtsOptions>().Bind(configuration.GetSection(TtsOptions.Section))
            .Validate(o => o.FrameMs is >= 10 and <= 1000, "Tts:FrameMs must be between 10 and 1000.")
            .Validate(o => o.MaxTextChars > 0, "Tts:MaxTextChars must be positive.")
            .Validate(o => o.Engine.Processes is >= 0 and <= 64, "Tts:Engine:Processes must be between 0 (in-process) and 64.")
            .Validate(o => o.Usage.QueueCapacity > 0 && o.Usage.BatchSize > 0, "Tts:Usage:QueueCapacity and BatchSize must be positive.")
            .Validate(o => o.StreamLeaseTime >= TimeSpan.FromSeconds(3), "Tts:StreamLeaseTime must be at least 3 seconds.")
            .Validate(o => new[] { o.Plans.Free, o.Plans.Pro, o.Plans.Enterprise }.All(p => p.ConcurrentStreams > 0 && p.MonthlyRequests >= 0),
                "Tts:Plans:<plan>:ConcurrentStreams must be positive and MonthlyRequests not negative.")
            .ValidateOnStart();

        // One engine for the process (espeak-ng has global state); loaded at start so a missing library stops the server
        // with the engine's message instead of failing the first request.
        services.AddSingleton(SpeechEngineFactory.Create);
        services.AddSingleton<TtsVoiceCatalog>();
        services.AddHostedService<TtsEngineLoader>();

        services.TryAddScoped<IDeploymentEndpointResolver, NoDeploymentEndpointResolver>();
        services.AddHttpClient(DeploymentSpeechTarget.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan);

        if (RedisSetup.IsConfigured(configuration))
        {
            services.AddSingleton<ITtsStreamSlots>(sp => ActivatorUtilities.CreateInstance<RedisTtsStreamSlots>(sp, sp.GetRequiredService<IConnectionMultiplexer>()));
        }
        else
        {
            services.AddSingleton<ITtsStreamSlots, MemoryTtsStreamSlots>();
        }

        services.AddSingleton<TtsMonthlyCounters>();
        services.AddSingleton<TtsUsageQueue>();
        services.AddSingleton<TtsUsageWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<TtsUsageWriter>());
        services.AddSingleton<TtsService>();
        return services;
    }

    public static IEndpointRouteBuilder MapTts(this IEndpointRouteBuilder app)
    {
        app.MapHub<TtsHub>(TtsHubContract.Path);
        return app;
    }

    private sealed class TtsEngineLoader(TtsVoiceCatalog catalog, ILogger<TtsEngineLoader> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            logger.LogInformation("TTS engine ready with {VoiceCount} voices", catalog.Voices.Count);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
