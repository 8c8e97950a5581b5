using Microsoft.Extensions.DependencyInjection.Extensions;
using VoiceFlow.Server.Deployments.Lifecycle;
using VoiceFlow.Server.Deployments.Providers;
using VoiceFlow.Server.Deployments.Providers.Local;
using VoiceFlow.Server.Deployments.Providers.Verda;
using VoiceFlow.Server.Deployments.Realtime;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Deployments;

public static class DeploymentsSetup
{
    public static IServiceCollection AddDeployments(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DeploymentOptions>().Bind(configuration.GetSection(DeploymentOptions.Section))
            .Validate(o => o.Provider is DeploymentProviders.Local or DeploymentProviders.Verda,
                "Deployments:Provider must be 'local' or 'verda'.")
            .Validate(o => o.GpuTypes.Count > 0 && o.GpuTypes.Values.All(g => g.HourlyCostCents >= 0),
                "Deployments:GpuTypes needs at least one GPU type, each with a non-negative HourlyCostCents.")
            .Validate(o => o.Engines.Count > 0, "Deployments:Engines needs at least one engine.")
            .Validate(o => o.Driver.PollInterval > TimeSpan.Zero && o.Driver.LeaseDuration >= 3 * o.Driver.PollInterval
                    && o.Driver.ProbeInterval > TimeSpan.Zero && o.Driver.LeaseDuration >= 3 * o.Driver.ProbeInterval,
                "Deployments:Driver:LeaseDuration must be at least three poll and probe intervals, so leases are renewed in time.")
            .ValidateOnStart();

        services.AddSingleton<DeploymentNode>();
        services.AddSingleton<DeploymentNotifier>();
        services.AddScoped<DeploymentQueries>();
        // /hubs/tts streams to a team's running deployment through this (the Tts feature's default finds none).
        services.RemoveAll<IDeploymentEndpointResolver>();
        services.AddScoped<IDeploymentEndpointResolver, DeploymentEndpointResolver>();
        // Registered before the driver, so it stops after it and still stores the driver's last lines.
        services.AddSingleton<DeploymentLogSink>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentLogSink>());
        services.AddSingleton<DeploymentTransitions>();
        services.AddHttpClient(WorkerVerifier.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(60));
        services.AddSingleton<WorkerVerifier>();

        services.AddSingleton<LocalWorkerProvider>();
        services.AddSingleton<IDeploymentProvider>(sp => sp.GetRequiredService<LocalWorkerProvider>());
        services.AddHttpClient(VerdaClient.HttpClientName);
        services.AddSingleton<VerdaClient>();
        services.AddSingleton<IDeploymentProvider, VerdaProvider>();
        services.AddSingleton<DeploymentProviderRegistry>();

        services.AddSingleton<DeploymentDriver>();
        services.AddHostedService(sp => sp.GetRequiredService<DeploymentDriver>());
        return services;
    }
}
