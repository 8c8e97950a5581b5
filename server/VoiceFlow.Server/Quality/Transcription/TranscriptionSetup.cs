using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Quality.Transcription;

public static class TranscriptionSetup
{
    public static IServiceCollection AddTranscription(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TranscriptionOptions>().Bind(configuration.GetSection(TranscriptionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TranscriptionOptions>, TranscriptionOptionsValidator>());

        // Chosen when first resolved, from the bound options, so settings added after this call still count.
        services.TryAddSingleton<ITranscriber>(sp => sp.GetRequiredService<IOptions<TranscriptionOptions>>().Value.HasModel
            ? ActivatorUtilities.CreateInstance<WhisperTranscriber>(sp)
            : new UnavailableTranscriber());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, TranscriberLoader>());
        return services;
    }

    /// <summary>Loads the model at start, so an unusable model file stops the server instead of failing every take.</summary>
    private sealed class TranscriberLoader(ITranscriber transcriber, ILogger<TranscriberLoader> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!transcriber.IsAvailable)
            {
                logger.LogInformation("No speech recognition model ({Setting}): takes are scored without transcript match",
                    $"{TranscriptionOptions.Section}:ModelPath");
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
