using Microsoft.AspNetCore.Authentication;
using VoiceFlow.Server.Infrastructure.Security;

namespace VoiceFlow.Server.ApiKeys;

public static class ApiKeysSetup
{
    public static IServiceCollection AddApiKeys(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ApiKeyUsageOptions>().Bind(configuration.GetSection("ApiKeys:Usage"));
        services.AddSingleton<ApiKeyUsageTracker>();
        services.AddSingleton<ApiKeyUsageFlusher>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiKeyUsageFlusher>());
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(CallerSchemes.ApiKey, _ => { });
        return services;
    }
}
