namespace VoiceFlow.Server.Deployments.Realtime;

/// <summary>Names shared by the hub, the code that pushes through it, and its clients.</summary>
public static class DeploymentsHubProtocol
{
    public const string Path = "/hubs/deployments";

    /// <summary>Client to server: subscribe to the caller's teams, returns <see cref="DeploymentStatus"/>[].</summary>
    public const string Watch = "Watch";

    public const string Unwatch = "Unwatch";

    /// <summary>Server to client: <see cref="Deployments.DeploymentChanged"/>.</summary>
    public const string DeploymentChanged = "DeploymentChanged";

    /// <summary>Server to client: <see cref="Deployments.DeploymentLog"/>.</summary>
    public const string DeploymentLog = "DeploymentLog";

    public static string TeamGroup(Guid teamId) => $"deployments:team:{teamId:N}";
}
