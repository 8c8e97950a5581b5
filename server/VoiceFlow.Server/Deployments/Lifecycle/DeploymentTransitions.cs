using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Deployments.Realtime;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Deployments.Lifecycle;

/// <summary>
/// Applies a deployment's transitions exactly once: each runs in a transaction holding the row lock, checks that
/// this node holds the lease and that the current status allows it, writes the new state and its event row (with
/// the next sequence number, unique per deployment) together, and only after the commit pushes it to watchers.
/// </summary>
public sealed partial class DeploymentTransitions(
    IServiceScopeFactory scopes, DeploymentNode node, DeploymentNotifier notifier, TimeProvider clock,
    ILogger<DeploymentTransitions> logger)
{
    private const int MaxMessageLength = 1000;

    /// <summary>
    /// Moves the deployment to <paramref name="to"/>. Returns the new state, or null when the transition no longer
    /// applies (another node holds the lease, or the status moved on): the caller then stops driving it.
    /// </summary>
    public async Task<Deployment?> TransitionAsync(
        Guid id, DeploymentState to, string? message, Action<Deployment>? change = null, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deployment = await LockAsync(db, id, cancellationToken);
        if (deployment is null || deployment.LeaseOwner != node.Id || !DeploymentStates.IsAllowed(deployment.Status, to))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        var previous = deployment.Status;
        deployment.Status = to;
        deployment.StatusChangedAt = now;
        deployment.Message = Truncate(message);
        deployment.StuckReportedAt = null;
        change?.Invoke(deployment);
        if (to.IsTerminal())
        {
            deployment.StoppedAt = now;
            deployment.Replicas = 0;
            deployment.Endpoint = null;
        }

        AddEvent(db, deployment, previous, now, node.Id);
        if (to == DeploymentState.Running)
        {
            db.DeploymentRuns.Add(new DeploymentRun
            {
                DeploymentId = deployment.Id, TeamId = deployment.TeamId, GpuType = deployment.GpuType,
                HourlyCostCents = deployment.HourlyCostCents, StartedAt = now,
            });
        }
        else if (previous == DeploymentState.Running)
        {
            await db.DeploymentRuns.Where(r => r.DeploymentId == id && r.StoppedAt == null)
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.StoppedAt, now), cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        DeploymentMetrics.Transitions.WithLabels(to.ToWire()).Inc();
        if (to == DeploymentState.Running && previous == DeploymentState.Starting)
        {
            DeploymentMetrics.TimeToRunning.Observe(Math.Max(0, (now - deployment.CreatedAt).TotalSeconds));
        }

        LogTransition(logger, deployment.Id, previous.ToWire(), to.ToWire(), deployment.Message);
        await notifier.ChangedAsync(deployment, previous, now);
        return deployment;
    }

    /// <summary>
    /// Changes what is not the status (message, replicas, endpoint, handle) under the lease. With
    /// <paramref name="announce"/> watchers get a <c>DeploymentChanged</c> whose status equals its previous status.
    /// Returns null when this node no longer drives the deployment.
    /// </summary>
    public async Task<Deployment?> UpdateAsync(Guid id, Action<Deployment> change, bool announce, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var deployment = await LockAsync(db, id, cancellationToken);
        if (deployment is null || deployment.LeaseOwner != node.Id || deployment.Status.IsTerminal())
        {
            return null;
        }

        change(deployment);
        deployment.Message = Truncate(deployment.Message);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (announce)
        {
            await notifier.ChangedAsync(deployment, deployment.Status, clock.GetUtcNow());
        }

        return deployment;
    }

    /// <summary>The first event of a new deployment (pending), written with it by the API.</summary>
    public static void AddCreatedEvent(VoiceFlowDbContext db, Deployment deployment, string node)
    {
        deployment.EventCount = 0;
        db.DeploymentEvents.Add(new DeploymentEvent
        {
            DeploymentId = deployment.Id, Sequence = ++deployment.EventCount, Status = deployment.Status, PreviousStatus = null,
            Message = deployment.Message, Node = node, At = deployment.StatusChangedAt,
        });
    }

    private static void AddEvent(VoiceFlowDbContext db, Deployment deployment, DeploymentState previous, DateTimeOffset at, string node) =>
        db.DeploymentEvents.Add(new DeploymentEvent
        {
            DeploymentId = deployment.Id, Sequence = ++deployment.EventCount, Status = deployment.Status, PreviousStatus = previous,
            Message = deployment.Message, Node = node, At = at,
        });

    private static async Task<Deployment?> LockAsync(VoiceFlowDbContext db, Guid id, CancellationToken cancellationToken)
    {
        var rows = await db.Deployments.FromSql($"SELECT * FROM deployments WHERE id = {id} FOR UPDATE").AsTracking().ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    private static string? Truncate(string? message) =>
        message is { Length: > MaxMessageLength } ? message[..(MaxMessageLength - 1)] + "…" : message;

    [LoggerMessage(LogLevel.Information, "Deployment {DeploymentId}: {From} -> {To} ({Message})")]
    private static partial void LogTransition(ILogger logger, Guid deploymentId, string from, string to, string? message);
}
