using VoiceFlow.Server.Quality.Jobs;
using VoiceFlow.Server.Quality.Review;
using VoiceFlow.Server.Quality.Scoring;
using VoiceFlow.Server.Quality.Transcription;

namespace VoiceFlow.Server.Quality;

public static class QualitySetup
{
    public static IServiceCollection AddQuality(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<QualityOptions>().Bind(configuration.GetSection(QualityOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.RejectBelowScore <= o.ApproveAtScore, "Quality:RejectBelowScore must not exceed Quality:ApproveAtScore.")
            .Validate(o => o.Lease >= TimeSpan.FromSeconds(3) && o.PollInterval > TimeSpan.Zero, "Quality:Lease must be at least 3 s and Quality:PollInterval positive.")
            .ValidateOnStart();
        services.AddTranscription(configuration);
        services.AddSingleton<QualityMetrics>();
        services.AddSingleton<RecordingScoredNotifier>();
        services.AddSingleton<AnalysisJobSignal>();
        services.AddScoped<AnalysisJobQueue>();
        services.AddScoped<StoredTakeAnalyzer>();
        services.AddScoped<TakeAssessor>();
        services.AddScoped<ReviewQueue>();
        services.AddHostedService<AnalysisWorker>();
        services.AddHostedService<BacklogGauge>();
        return services;
    }

    public static IEndpointRouteBuilder MapQuality(this IEndpointRouteBuilder app) => app.MapReview();
}
