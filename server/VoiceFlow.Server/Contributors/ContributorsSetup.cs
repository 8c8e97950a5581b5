using VoiceFlow.Server.Recording.Prompts;

namespace VoiceFlow.Server.Contributors;

public static class ContributorsSetup
{
    public static IServiceCollection AddContributors(this IServiceCollection services) =>
        services.AddScoped<ContributorService>().AddScoped<PromptCatalog>().AddScoped<RecordingViews>();
}
