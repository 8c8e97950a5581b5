using MessagePack;

namespace VoiceFlow.Server.Deployments;

/// <summary>
/// A deployment as REST answers and <c>Watch()</c> return it. Times are UTC; in MessagePack they are timestamps.
/// </summary>
[MessagePackObject]
public sealed record DeploymentStatus(
    [property: Key("id")] Guid Id,
    [property: Key("teamId")] Guid TeamId,
    [property: Key("name")] string Name,
    [property: Key("status")] string Status,
    [property: Key("gpuType")] string GpuType,
    [property: Key("deploymentType")] string DeploymentType,
    [property: Key("engine")] string Engine,
    [property: Key("provider")] string Provider,
    [property: Key("endpoint")] string? Endpoint,
    [property: Key("replicas")] int Replicas,
    [property: Key("hourlyCostCents")] int HourlyCostCents,
    [property: Key("message")] string? Message,
    [property: Key("statusChangedAt")] DateTime StatusChangedAt,
    [property: Key("createdAt")] DateTime CreatedAt,
    [property: Key("stoppedAt")] DateTime? StoppedAt,
    [property: Key("stopRequested")] bool StopRequested)
{
    public static DeploymentStatus From(Deployment d) => new(
        d.Id, d.TeamId, d.Name, d.Status.ToWire(), d.GpuType, d.DeploymentType, d.Engine, d.Provider, d.Endpoint, d.Replicas,
        d.HourlyCostCents, d.Message, d.StatusChangedAt.UtcDateTime, d.CreatedAt.UtcDateTime, d.StoppedAt?.UtcDateTime,
        d.StopRequestedAt is not null);
}

/// <summary>Server to client on <c>/hubs/deployments</c>: a deployment changed state (or, with <c>status == previousStatus</c>, its message or replicas).</summary>
[MessagePackObject]
public sealed record DeploymentChanged(
    [property: Key("id")] Guid Id,
    [property: Key("name")] string Name,
    [property: Key("status")] string Status,
    [property: Key("previousStatus")] string? PreviousStatus,
    [property: Key("gpuType")] string GpuType,
    [property: Key("endpoint")] string? Endpoint,
    [property: Key("replicas")] int Replicas,
    [property: Key("hourlyCostCents")] int HourlyCostCents,
    [property: Key("at")] DateTime At,
    [property: Key("message")] string? Message)
{
    public static DeploymentChanged From(Deployment d, DeploymentState? previous, DateTimeOffset at) => new(
        d.Id, d.Name, d.Status.ToWire(), previous.ToWire(), d.GpuType, d.Endpoint, d.Replicas, d.HourlyCostCents, at.UtcDateTime, d.Message);
}

/// <summary>Server to client on <c>/hubs/deployments</c>: a line of a deployment's log.</summary>
[MessagePackObject]
public sealed record DeploymentLog(
    [property: Key("id")] Guid Id,
    [property: Key("at")] DateTime At,
    [property: Key("line")] string Line);

/// <summary><c>GET /api/deployments/{id}/events</c>: the history, oldest first.</summary>
public sealed record DeploymentEventView(int Sequence, string Status, string? PreviousStatus, string? Message, DateTime At);

/// <summary><c>GET /api/deployments/{id}/logs</c>: recent lines, oldest first.</summary>
public sealed record DeploymentLogView(DateTime At, string Line);
