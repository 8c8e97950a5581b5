using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Deployments.Providers;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Deployments;

/// <summary>For <c>/hubs/tts</c> requests with a <c>deploymentId</c>: the worker of the team's running deployment.</summary>
internal sealed class DeploymentEndpointResolver(VoiceFlowDbContext db, DeploymentProviderRegistry providers) : IDeploymentEndpointResolver
{
    public async Task<TtsDeploymentEndpoint?> ResolveAsync(Guid teamId, Guid deploymentId, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.AsNoTracking()
            .Where(d => d.Id == deploymentId && d.TeamId == teamId && d.DeletedAt == null && d.Status == DeploymentState.Running)
            .Select(d => new { d.Endpoint, d.Engine, d.Provider })
            .FirstOrDefaultAsync(cancellationToken);
        return deployment?.Endpoint is { } endpoint && Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            ? new TtsDeploymentEndpoint(uri, deployment.Engine, providers.Find(deployment.Provider) is { } provider ? provider.AuthorizeEndpointRequest : null)
            : null;
    }
}
