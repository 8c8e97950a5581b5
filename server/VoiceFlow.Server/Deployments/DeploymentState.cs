namespace VoiceFlow.Server.Deployments;

/// <summary>
/// <c>pending → provisioning → starting → running</c>, <c>running → stopping → stopped</c>, any state → <c>failed</c>.
/// A stop request also moves <c>pending</c>, <c>provisioning</c> and <c>starting</c> through <c>stopping</c>.
/// </summary>
public enum DeploymentState
{
    Pending,
    Provisioning,
    Starting,
    Running,
    Stopping,
    Stopped,
    Failed,
}

public static class DeploymentStates
{
    private static readonly string[] Names = ["pending", "provisioning", "starting", "running", "stopping", "stopped", "failed"];

    /// <summary>The contract's lower-case name, e.g. <c>running</c>.</summary>
    public static string ToWire(this DeploymentState state) => Names[(int)state];

    public static string? ToWire(this DeploymentState? state) => state?.ToWire();

    public static DeploymentState Parse(string name)
    {
        var index = Array.IndexOf(Names, name);
        return index >= 0 ? (DeploymentState)index : throw new ArgumentException($"Unknown deployment status '{name}'.", nameof(name));
    }

    /// <summary>Stopped and failed deployments hold no resources and are no longer driven.</summary>
    public static bool IsTerminal(this DeploymentState state) => state is DeploymentState.Stopped or DeploymentState.Failed;

    public static bool IsAllowed(DeploymentState from, DeploymentState to) => (from, to) switch
    {
        (_, DeploymentState.Failed) => !from.IsTerminal(),
        (DeploymentState.Pending, DeploymentState.Provisioning) => true,
        (DeploymentState.Provisioning, DeploymentState.Starting) => true,
        (DeploymentState.Starting, DeploymentState.Running) => true,
        (DeploymentState.Pending or DeploymentState.Provisioning or DeploymentState.Starting or DeploymentState.Running, DeploymentState.Stopping) => true,
        (DeploymentState.Stopping, DeploymentState.Stopped) => true,
        _ => false,
    };
}
