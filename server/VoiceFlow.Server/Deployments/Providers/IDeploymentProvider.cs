namespace VoiceFlow.Server.Deployments.Providers;

/// <summary>
/// Runs the TtsWorker somewhere: starts it, reports what it observes, and tears it down. Providers keep no
/// state that matters across nodes: what they need later goes into the handle, which the driver stores with
/// the deployment. Every call may be retried (by this node or, after a takeover, another one).
/// </summary>
public interface IDeploymentProvider
{
    /// <summary>The name stored with each deployment (<c>local</c>, <c>verda</c>).</summary>
    string Name { get; }

    /// <summary>
    /// True when the resources live and die with this server node (local processes): a node that shuts down
    /// stops them, and a node that finds them gone reports the deployment failed.
    /// </summary>
    bool NodeBound { get; }

    /// <summary>How often to look while a deployment starts: from the minimum, backing off to the maximum while nothing changes.</summary>
    (TimeSpan Minimum, TimeSpan Maximum) PollInterval { get; }

    /// <summary>Requests the resources and returns the handle to store. Safe to call again for the same deployment.</summary>
    Task<string> ProvisionAsync(DeploymentSpec spec, CancellationToken cancellationToken);

    /// <summary>What the provider sees now; <paramref name="handle"/> is what <see cref="ProvisionAsync"/> returned.</summary>
    Task<ProviderObservation> ProbeAsync(DeploymentSpec spec, string handle, CancellationToken cancellationToken);

    /// <summary>Releases the resources; succeeds when they are already gone.</summary>
    Task StopAsync(DeploymentSpec spec, string? handle, CancellationToken cancellationToken);

    /// <summary>Adds what requests to the deployment's endpoint need (e.g. an inference key).</summary>
    void AuthorizeEndpointRequest(HttpRequestMessage request);
}

/// <summary>What a provider needs to know about a deployment.</summary>
public sealed record DeploymentSpec(
    Guid Id, Guid TeamId, string Name, string GpuType, string DeploymentType, string Engine, string? ProviderGpuName)
{
    public static DeploymentSpec From(Deployment deployment, DeploymentOptions options) => new(
        deployment.Id, deployment.TeamId, deployment.Name, deployment.GpuType, deployment.DeploymentType, deployment.Engine,
        options.TryGetGpu(deployment.GpuType, out _, out var gpu) ? gpu.VerdaCompute : null);
}

public enum ProviderPhase
{
    /// <summary>Resources are being allocated.</summary>
    Provisioning,

    /// <summary>Allocated; the worker is booting (image pull, warm-up).</summary>
    Starting,

    /// <summary>The worker reports healthy at <see cref="ProviderObservation.Endpoint"/>.</summary>
    Ready,

    /// <summary>Serving, but not fully (some replicas unhealthy).</summary>
    Degraded,

    /// <summary>The provider reports a failure it will not recover from by itself.</summary>
    Failed,

    /// <summary>The resources no longer exist.</summary>
    Gone,
}

public sealed record ProviderObservation(ProviderPhase Phase, string Message, string? Endpoint = null, int Replicas = 0);

/// <summary>A provider failure. <see cref="Permanent"/> ones fail the deployment at once; others are retried.</summary>
public sealed class DeploymentProviderException(string message, bool permanent = false, Exception? inner = null) : Exception(message, inner)
{
    public bool Permanent { get; } = permanent;
}
