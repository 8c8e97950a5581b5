using Microsoft.AspNetCore.SignalR;

namespace VoiceFlow.Server.Deployments.Realtime;

/// <summary>Pushes deployment changes and log lines to the watchers of the deployment's team (on every node, through the backplane).</summary>
public sealed partial class DeploymentNotifier(IHubContext<DeploymentsHub> hub, ILogger<DeploymentNotifier> logger)
{
    public async Task ChangedAsync(Deployment deployment, DeploymentState? previous, DateTimeOffset at)
    {
        try
        {
            await hub.Clients.Group(DeploymentsHubProtocol.TeamGroup(deployment.TeamId))
                .SendAsync(DeploymentsHubProtocol.DeploymentChanged, DeploymentChanged.From(deployment, previous, at));
        }
        catch (Exception e)
        {
            // The change is stored; watchers see it on their next Watch().
            LogPushFailed(logger, e, deployment.Id);
        }
    }

    public async Task LogAsync(Guid teamId, DeploymentLog line)
    {
        try
        {
            await hub.Clients.Group(DeploymentsHubProtocol.TeamGroup(teamId)).SendAsync(DeploymentsHubProtocol.DeploymentLog, line);
        }
        catch (Exception e)
        {
            LogPushFailed(logger, e, line.Id);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Could not push an update of deployment {DeploymentId} to its watchers")]
    private static partial void LogPushFailed(ILogger logger, Exception exception, Guid deploymentId);
}
