namespace VoiceFlow.Server.Deployments.Lifecycle;

/// <summary>This server instance's identity in deployment leases and events: machine, process and a random part.</summary>
public sealed class DeploymentNode
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}
