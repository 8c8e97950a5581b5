using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;
using VoiceFlow.Server.Infrastructure.Hosting;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Recording.Playback;
using VoiceFlow.Server.Recording.Prompts;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Recording;

public static class RecordingSetup
{
    public static IServiceCollection AddRecording(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RecordingOptions>().Bind(configuration.GetSection(RecordingOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddAudioStore(configuration);
        services.AddSingleton<RecordingMetrics>();
        services.AddSingleton<TakeStorageThreads>();
        services.AddScoped<TakeRecorder>();
        services.AddScoped<RecordingStore>();
        services.AddSingleton<PromptTally>();
        services.AddSingleton<PromptTallyWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<PromptTallyWriter>());
        services.AddScoped<TakeUploader>();
        services.AddSingleton<PlaybackUrls>();
        services.Configure<JsonHubProtocolOptions>(json => json.PayloadSerializerOptions.TypeInfoResolver =
            JsonTypeInfoResolver.Combine(RecordingHubJson.Default, json.PayloadSerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()));
        if (RedisSetup.IsConfigured(configuration))
        {
            services.AddSingleton<IActiveTakes>(sp => new RedisActiveTakes(sp.GetRequiredService<IConnectionMultiplexer>()));
        }
        else
        {
            services.AddSingleton<IActiveTakes, LocalActiveTakes>();
        }

        return services;
    }

    public static IEndpointRouteBuilder MapRecording(this IEndpointRouteBuilder app)
    {
        app.MapHub<RecordingHub>(RecordingHubContract.Path);
        app.MapPlayback();
        return app;
    }
}
