using System.Text.Json;
using Microsoft.Extensions.Options;

namespace VoiceFlow.Server.Deployments.Providers.Verda;

/// <summary>
/// Runs deployments as Verda serverless container deployments of the TtsWorker image. The container deployment's
/// name is derived from the deployment (so every node, and every retry, finds the same one); its status is mapped by
/// <see cref="VerdaStatusMap"/>; the endpoint is Verda's <c>endpoint_base_url</c>, called with the inference key.
/// </summary>
public sealed class VerdaProvider(VerdaClient verda, IOptions<DeploymentOptions> options) : IDeploymentProvider
{
    public string Name => DeploymentProviders.Verda;

    public bool NodeBound => false;

    public (TimeSpan Minimum, TimeSpan Maximum) PollInterval => (Settings.PollMinimum, Settings.PollMaximum);

    private VerdaOptions Settings => options.Value.Verda;

    public async Task<string> ProvisionAsync(DeploymentSpec spec, CancellationToken cancellationToken)
    {
        var name = ContainerName(spec);
        var compute = spec.ProviderGpuName ?? spec.GpuType;
        var (minimum, maximum) = spec.DeploymentType == DeploymentTypes.RawCompute
            ? (1, 1)
            : (Settings.ServerlessMinReplicas, Settings.ServerlessMaxReplicas);
        var body = new Dictionary<string, object>
        {
            ["name"] = name,
            ["is_spot"] = Settings.Spot,
            ["compute"] = new { name = compute, size = 1 },
            ["container_registry_settings"] = new { is_private = false },
            ["containers"] = new object[]
            {
                new
                {
                    image = Settings.Image,
                    exposed_port = Settings.Port,
                    healthcheck = new { enabled = true, port = Settings.Port, path = "/health" },
                    entrypoint_overrides = new { enabled = false },
                },
            },
            ["scaling"] = new
            {
                min_replica_count = minimum,
                max_replica_count = maximum,
                scale_down_policy = new { delay_seconds = 300 },
                scale_up_policy = new { delay_seconds = 0 },
                queue_message_ttl_seconds = 500,
                concurrent_requests_per_replica = 4,
                scaling_triggers = new { queue_load = new { threshold = 1 } },
            },
        };
        var created = await verda.CreateDeploymentAsync(body, name, cancellationToken);
        return JsonSerializer.Serialize(new VerdaHandle(name, created.EndpointBaseUrl));
    }

    public async Task<ProviderObservation> ProbeAsync(DeploymentSpec spec, string handle, CancellationToken cancellationToken)
    {
        var stored = VerdaHandle.Parse(handle, ContainerName(spec));
        var status = await verda.GetStatusAsync(stored.Name, cancellationToken);
        if (status is null)
        {
            return new ProviderObservation(ProviderPhase.Gone, $"The Verda deployment {stored.Name} no longer exists.");
        }

        var (phase, message) = VerdaStatusMap.Map(status, spec.ProviderGpuName ?? spec.GpuType);
        if (phase is not (ProviderPhase.Ready or ProviderPhase.Degraded))
        {
            return new ProviderObservation(phase, message);
        }

        var endpoint = stored.Endpoint ?? (await verda.GetDeploymentAsync(stored.Name, cancellationToken))?.EndpointBaseUrl;
        if (endpoint is null)
        {
            return new ProviderObservation(ProviderPhase.Starting, "Verda reports the deployment healthy but gives no endpoint yet");
        }

        var replicas = await verda.GetReplicasAsync(stored.Name, cancellationToken);
        var serving = replicas.Count(r => r.Status is "running" or "healthy" or "ready");
        return new ProviderObservation(phase, message, endpoint, Math.Max(serving, phase == ProviderPhase.Ready ? 1 : 0));
    }

    public Task StopAsync(DeploymentSpec spec, string? handle, CancellationToken cancellationToken) =>
        verda.DeleteDeploymentAsync(handle is null ? ContainerName(spec) : VerdaHandle.Parse(handle, ContainerName(spec)).Name, cancellationToken);

    public void AuthorizeEndpointRequest(HttpRequestMessage request)
    {
        if (!string.IsNullOrEmpty(Settings.InferenceKey))
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Settings.InferenceKey);
        }
    }

    /// <summary><c>vf-{name}-{8 hex of the id}</c>: unique across teams (Verda names are per account), at most 63 characters.</summary>
    public static string ContainerName(DeploymentSpec spec)
    {
        var suffix = spec.Id.ToString("N")[^8..];
        var name = spec.Name.Length > 50 ? spec.Name[..50].TrimEnd('-') : spec.Name;
        return $"vf-{name}-{suffix}";
    }
}

public sealed record VerdaHandle(string Name, string? Endpoint)
{
    public static VerdaHandle Parse(string json, string fallbackName)
    {
        try
        {
            return JsonSerializer.Deserialize<VerdaHandle>(json) is { Name.Length: > 0 } handle ? handle : new VerdaHandle(fallbackName, null);
        }
        catch (JsonException)
        {
            return new VerdaHandle(fallbackName, null);
        }
    }
}
