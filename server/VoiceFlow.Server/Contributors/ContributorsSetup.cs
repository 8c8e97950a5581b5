using VoiceFlow.Server.Contributors.Earnings;
using VoiceFlow.Server.Recording.Prompts;

namespace VoiceFlow.Server.Contributors;

public static class ContributorsSetup
{
    public static IServiceCollection AddContributors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EarningsOptions>().Bind(configuration.GetSection(EarningsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        return services.AddScoped<ContributorService>().AddScoped<PromptCatalog>().AddScoped<RecordingViews>().AddScoped<EarningsService>();
    }
}
