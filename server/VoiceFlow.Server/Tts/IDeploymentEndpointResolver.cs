namespace VoiceFlow.Server.Tts;

/// <summary>A running deployment's worker: its base URL and the model name to put in speech requests.</summary>
/// <param name="Endpoint">Base URL of the worker; speech goes to <c>{Endpoint}/v1/audio/speech</c>.</param>
/// <param name="Model">The <c>model</c> field of the request (the deployment's engine), or null for "default".</param>
/// <param name="Authorize">Adds what the provider's endpoint requires to each request (e.g. Verda's inference key).</param>
public sealed record TtsDeploymentEndpoint(Uri Endpoint, string? Model = null, Action<HttpRequestMessage>? Authorize = null);

/// <summary>
/// Finds the worker of a deployment for <c>deploymentId</c> requests. Resolved from a fresh DI scope per request, so an
/// implementation may be scoped and use the DbContext. The Deployments feature replaces the default, which knows no
/// deployments.
/// </summary>
public interface IDeploymentEndpointResolver
{
    /// <summary>
    /// The endpoint of deployment <paramref name="deploymentId"/> if it belongs to team <paramref name="teamId"/> and is
    /// running with an endpoint; otherwise null (the caller answers <c>not_found</c>, whether it is missing, another
    /// team's or not running).
    /// </summary>
    Task<TtsDeploymentEndpoint?> ResolveAsync(Guid teamId, Guid deploymentId, CancellationToken cancellationToken);
}

/// <summary>The default until deployments exist: no deployment is ever found.</summary>
internal sealed class NoDeploymentEndpointResolver : IDeploymentEndpointResolver
{
    public Task<TtsDeploymentEndpoint?> ResolveAsync(Guid teamId, Guid deploymentId, CancellationToken cancellationToken) =>
        Task.FromResult<TtsDeploymentEndpoint?>(null);
}
