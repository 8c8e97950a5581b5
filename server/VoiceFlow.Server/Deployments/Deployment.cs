namespace VoiceFlow.Server.Deployments;

/// <summary>
/// A team's TTS deployment. <see cref="Status"/> only changes through <see cref="Lifecycle.DeploymentTransitions"/>,
/// under a row lock by the node holding the lease, and every change is also a <see cref="DeploymentEvent"/> row.
/// </summary>
public sealed class Deployment
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TeamId { get; init; }
    public Guid CreatedByUserId { get; init; }
    public required string Name { get; init; }
    public required string GpuType { get; init; }

    /// <summary><c>serverless</c> or <c>raw_compute</c>.</summary>
    public required string DeploymentType { get; init; }

    public required string Engine { get; init; }

    /// <summary>The provider that runs it (<c>local</c>, <c>verda</c>); fixed at creation.</summary>
    public required string Provider { get; init; }

    public int HourlyCostCents { get; init; }
    public DeploymentState Status { get; set; } = DeploymentState.Pending;
    public DateTimeOffset StatusChangedAt { get; set; }
    public string? Message { get; set; }
    public string? Endpoint { get; set; }
    public int Replicas { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the current start attempt began provisioning; the start timeout counts from here.</summary>
    public DateTimeOffset? ProvisioningStartedAt { get; set; }

    /// <summary>When the deployment reached <c>stopped</c> or <c>failed</c>.</summary>
    public DateTimeOffset? StoppedAt { get; set; }

    /// <summary>Set by stop and delete requests; the driving node stops the deployment when it sees it.</summary>
    public DateTimeOffset? StopRequestedAt { get; set; }

    /// <summary>Deleted deployments are hidden from the API; the row stays for billing and history.</summary>
    public DateTimeOffset? DeletedAt { get; set; }

    /// <summary>Provider-specific handle (JSON): process and port for local, container name for Verda.</summary>
    public string? ProviderHandle { get; set; }

    /// <summary>The node that drives this deployment, until <see cref="LeaseExpiresAt"/> (database clock).</summary>
    public string? LeaseOwner { get; set; }

    public DateTimeOffset? LeaseExpiresAt { get; set; }

    /// <summary>Sequence number of the last event; the next event is <c>EventCount + 1</c> (unique per deployment).</summary>
    public int EventCount { get; set; }

    /// <summary>When the driver last said the deployment is stuck in its current state.</summary>
    public DateTimeOffset? StuckReportedAt { get; set; }
}

/// <summary>One transition (or message change) of a deployment: its history, written with the change.</summary>
public sealed class DeploymentEvent
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid DeploymentId { get; init; }
    public int Sequence { get; init; }
    public DeploymentState Status { get; init; }
    public DeploymentState? PreviousStatus { get; init; }
    public string? Message { get; init; }
    public string? Node { get; init; }
    public DateTimeOffset At { get; init; }
}

/// <summary>An interval during which a deployment was running: the basis for GPU hours and cost.</summary>
public sealed class DeploymentRun
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid DeploymentId { get; init; }
    public Guid TeamId { get; init; }
    public required string GpuType { get; init; }
    public int HourlyCostCents { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset? StoppedAt { get; set; }
}

/// <summary>A line of a deployment's log (worker output and lifecycle notes); only the most recent lines are kept.</summary>
public sealed class DeploymentLogLine
{
    public long Id { get; init; }
    public Guid DeploymentId { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Line { get; init; }
}
