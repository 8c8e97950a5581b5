using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Deployments.Providers;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Deployments.Lifecycle;

/// <summary>
/// Drives deployments through their lifecycle; one per node. Every poll it claims deployments that nobody drives
/// (no lease, or an expired one) with <c>FOR UPDATE SKIP LOCKED</c>, so each deployment has exactly one driver at
/// a time, and renews the leases it holds. Each claimed deployment gets its own loop: provision, wait for the
/// provider to report the worker healthy, prove it with a real synthesis, then watch it while it runs; a stop
/// request takes it down. When the node shuts down, workers bound to it (local processes) stop with it and their
/// deployments are failed with a message; the others are released for another node to pick up.
/// </summary>
public sealed partial class DeploymentDriver(
    IServiceScopeFactory scopes, DeploymentTransitions transitions, DeploymentProviderRegistry providers, WorkerVerifier verifier,
    DeploymentLogSink logs, DeploymentNode node, TimeProvider clock, IOptions<DeploymentOptions> options, ILogger<DeploymentDriver> logger)
    : BackgroundService
{
    private const int ClaimBatch = 20;
    private static readonly TimeSpan GaugeRefresh = TimeSpan.FromSeconds(15);

    private readonly ConcurrentDictionary<Guid, Driven> _driving = new();
    private readonly SemaphoreSlim _wake = new(0);
    private DateTimeOffset _gaugeRefreshedAt = DateTimeOffset.MinValue;

    private DeploymentDriverOptions Settings => options.Value.Driver;

    /// <summary>Look at this deployment now rather than at the next poll (after a create or a stop request on this node).</summary>
    public void Wake(Guid deploymentId)
    {
        if (_driving.TryGetValue(deploymentId, out var driven))
        {
            driven.Wake();
        }
        else if (_wake.CurrentCount == 0)
        {
            _wake.Release();
        }
    }

    /// <summary>
    /// Leases a deployment being created (in its transaction) to this node's API side, under an owner name no driver
    /// claims, until <see cref="HandOverAsync"/>: so no driver, this node's included, announces "provisioning"
    /// before the API has announced "pending".
    /// </summary>
    public async Task HoldAsync(VoiceFlowDbContext db, Guid deploymentId, CancellationToken cancellationToken)
    {
        var lease = Settings.LeaseDuration;
        await db.Database.ExecuteSqlAsync(
            $"UPDATE deployments SET lease_owner = {CreatingOwner}, lease_expires_at = now() + {lease} WHERE id = {deploymentId}",
            cancellationToken);
    }

    /// <summary>After a held deployment was announced: drive it here, or (API-only node) release it to the others.</summary>
    public async Task HandOverAsync(Guid deploymentId)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
            var owner = Settings.Enabled ? node.Id : null;
            await db.Database.ExecuteSqlAsync(
                $"UPDATE deployments SET lease_owner = {owner}, lease_expires_at = CASE WHEN {owner}::text IS NULL THEN NULL ELSE lease_expires_at END WHERE id = {deploymentId} AND lease_owner = {CreatingOwner}",
                CancellationToken.None);
        }
        catch (Exception e)
        {
            // The hold then simply expires and any node takes the deployment.
            LogReleaseFailed(logger, e, deploymentId);
        }

        Wake(deploymentId);
    }

    private string CreatingOwner => $"{node.Id}/creating";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Settings.Enabled)
        {
            return;
        }

        LogDriving(logger, node.Id);
        await WaitForSchemaAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RenewLeasesAsync(stoppingToken);
                foreach (var id in await ClaimAsync(stoppingToken))
                {
                    var driven = new Driven(CancellationTokenSource.CreateLinkedTokenSource(stoppingToken));
                    if (_driving.TryAdd(id, driven))
                    {
                        driven.Task = Task.Run(() => DriveAsync(id, driven), CancellationToken.None);
                    }
                    else
                    {
                        driven.Dispose();
                    }
                }

                await RefreshGaugeAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                LogPollFailed(logger, e);
            }

            try
            {
                await _wake.WaitAsync(Settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var driven = _driving.ToArray();
        await Task.WhenAll(driven.Select(d => d.Value.Task ?? Task.CompletedTask));
        foreach (var (id, state) in driven)
        {
            try
            {
                await ReleaseAsync(id, nodeShutdown: true, cancellationToken);
            }
            catch (Exception e)
            {
                LogReleaseFailed(logger, e, id);
            }

            state.Dispose();
        }

        _driving.Clear();
    }

    /// <summary>The schema is applied by the <c>migrate</c> command, not at start-up: drive nothing until it is there.</summary>
    private async Task WaitForSchemaAsync(CancellationToken cancellationToken)
    {
        var told = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
                var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
                if (pending == 0)
                {
                    return;
                }

                if (!told)
                {
                    LogWaitingForSchema(logger, pending);
                    told = true;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPollFailed(logger, e);
            }

            try
            {
                await Task.Delay(Settings.PollInterval, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<Guid>> ClaimAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        var known = providers.Names.ToArray();
        var lease = Settings.LeaseDuration;
        return await db.Database.SqlQuery<Guid>(
            $"""
            UPDATE deployments SET lease_owner = {node.Id}, lease_expires_at = now() + {lease}
            WHERE id IN (
                SELECT id FROM deployments
                WHERE status NOT IN ('stopped', 'failed')
                  AND provider = ANY({known})
                  AND (lease_owner IS NULL OR lease_expires_at < now() OR lease_owner = {node.Id})
                ORDER BY created_at
                LIMIT {ClaimBatch}
                FOR UPDATE SKIP LOCKED)
            RETURNING id AS "Value"
            """).ToListAsync(cancellationToken);
    }

    private async Task RenewLeasesAsync(CancellationToken cancellationToken)
    {
        var ids = _driving.Keys.ToArray();
        if (ids.Length == 0)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        var lease = Settings.LeaseDuration;
        await db.Database.ExecuteSqlAsync(
            $"UPDATE deployments SET lease_expires_at = now() + {lease} WHERE lease_owner = {node.Id} AND id = ANY({ids})",
            cancellationToken);
    }

    private async Task RefreshGaugeAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _gaugeRefreshedAt < GaugeRefresh && _driving.IsEmpty)
        {
            return;
        }

        _gaugeRefreshedAt = now;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        var counts = await db.Deployments.AsNoTracking()
            .Where(d => d.Status != DeploymentState.Stopped && d.Status != DeploymentState.Failed)
            .GroupBy(d => d.GpuType)
            .Select(g => new { Gpu = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        DeploymentMetrics.SetActive(counts.ToDictionary(c => c.Gpu, c => c.Count));
    }

    private async Task DriveAsync(Guid id, Driven driven)
    {
        var cancel = driven.Cancellation.Token;
        var backoff = TimeSpan.Zero;
        ProviderObservation? last = null;
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                var deployment = await LoadAsync(id, cancel);
                if (deployment is null || deployment.Status.IsTerminal() || deployment.LeaseOwner != node.Id)
                {
                    break;
                }

                var provider = providers.Find(deployment.Provider);
                if (provider is null)
                {
                    break;
                }

                var spec = DeploymentSpec.From(deployment, options.Value);
                TimeSpan delay;
                try
                {
                    var observation = await StepAsync(deployment, spec, provider, last, cancel);
                    var (minimum, maximum) = provider.PollInterval;
                    if (deployment.Status == DeploymentState.Running && observation is not null)
                    {
                        delay = Settings.ProbeInterval;
                    }
                    else if (observation is null)
                    {
                        delay = TimeSpan.Zero;
                    }
                    else
                    {
                        // Back off while nothing changes; look again soon after a change.
                        backoff = observation == last ? Min(backoff * 2, maximum) : minimum;
                        delay = backoff;
                    }

                    last = observation;
                }
                catch (DeploymentProviderException e) when (e.Permanent)
                {
                    await FailAsync(deployment, spec, provider, e.Message, cancel);
                    delay = TimeSpan.Zero;
                }
                catch (Exception e) when (!cancel.IsCancellationRequested)
                {
                    // Transient (network, provider busy): said in the log, tried again.
                    LogStepFailed(logger, e, id, deployment.Status.ToWire());
                    logs.Write(id, deployment.TeamId, $"[voiceflow] {deployment.Status.ToWire()}: {e.Message} (retrying)");
                    await CheckTimeoutsAsync(deployment, spec, provider, $"{last?.Message ?? deployment.Message} ({e.Message})", cancel);
                    backoff = Min(Max(backoff * 2, provider.PollInterval.Minimum), provider.PollInterval.Maximum);
                    delay = backoff;
                }

                if (delay > TimeSpan.Zero)
                {
                    await driven.WaitAsync(delay, cancel);
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            LogDriveFailed(logger, e, id);
        }
        finally
        {
            if (!cancel.IsCancellationRequested)
            {
                // Finished (terminal, or taken over): let go of it.
                _driving.TryRemove(id, out _);
                driven.Dispose();
                try
                {
                    await ReleaseAsync(id, nodeShutdown: false, CancellationToken.None);
                }
                catch (Exception e)
                {
                    LogReleaseFailed(logger, e, id);
                }
            }
        }
    }

    /// <summary>One step of the lifecycle. Returns what the provider reported (for the poll back-off), or null to step again at once.</summary>
    private async Task<ProviderObservation?> StepAsync(
        Deployment d, DeploymentSpec spec, IDeploymentProvider provider, ProviderObservation? last, CancellationToken cancel)
    {
        if (d.StopRequestedAt is not null && d.Status is not DeploymentState.Stopping)
        {
            await transitions.TransitionAsync(d.Id, DeploymentState.Stopping, "Stop requested", cancellationToken: cancel);
            return null;
        }

        switch (d.Status)
        {
            case DeploymentState.Pending:
                await transitions.TransitionAsync(d.Id, DeploymentState.Provisioning,
                    $"Provisioning a {d.GpuType} worker ({provider.Name})", x => x.ProvisioningStartedAt = clock.GetUtcNow(), cancel);
                return null;

            case DeploymentState.Provisioning or DeploymentState.Starting:
                if (await CheckTimeoutsAsync(d, spec, provider, last?.Message ?? d.Message, cancel))
                {
                    return null;
                }

                var handle = d.ProviderHandle;
                if (handle is null)
                {
                    handle = await provider.ProvisionAsync(spec, cancel);
                    if (await transitions.UpdateAsync(d.Id, x => x.ProviderHandle = handle, announce: false, cancel) is null)
                    {
                        // Lost the deployment while provisioning: undo what was just started.
                        await provider.StopAsync(spec, handle, cancel);
                        return null;
                    }

                    d.ProviderHandle = handle;
                }

                var observation = await provider.ProbeAsync(spec, handle, cancel);
                await AdvanceStartAsync(d, spec, provider, observation, cancel);
                return observation;

            case DeploymentState.Running:
                var probe = await provider.ProbeAsync(spec, d.ProviderHandle ?? "{}", cancel);
                await WatchRunningAsync(d, spec, provider, probe, cancel);
                return probe;

            case DeploymentState.Stopping:
                await provider.StopAsync(spec, d.ProviderHandle, cancel);
                await transitions.TransitionAsync(d.Id, DeploymentState.Stopped, d.DeletedAt is null ? "Stopped" : "Stopped and deleted",
                    x => x.ProviderHandle = null, cancel);
                return null;

            default:
                return null;
        }
    }

    private async Task AdvanceStartAsync(Deployment d, DeploymentSpec spec, IDeploymentProvider provider, ProviderObservation observed, CancellationToken cancel)
    {
        switch (observed.Phase)
        {
            case ProviderPhase.Provisioning:
                await NoteAsync(d, observed, cancel);
                return;

            case ProviderPhase.Starting:
                if (d.Status == DeploymentState.Provisioning)
                {
                    await transitions.TransitionAsync(d.Id, DeploymentState.Starting, observed.Message, cancellationToken: cancel);
                }
                else
                {
                    await NoteAsync(d, observed, cancel);
                }

                return;

            case ProviderPhase.Ready or ProviderPhase.Degraded:
                if (d.Status == DeploymentState.Provisioning
                    && await transitions.TransitionAsync(d.Id, DeploymentState.Starting, observed.Message, cancellationToken: cancel) is null)
                {
                    return;
                }

                var check = await verifier.VerifyAsync(observed.Endpoint!, d.Engine, provider, cancel);
                if (!check.Ok)
                {
                    logs.Write(d.Id, d.TeamId, $"[voiceflow] worker not ready yet: {check.Description}");
                    await NoteAsync(d, observed with { Message = $"Healthy, but {check.Description}" }, cancel);
                    return;
                }

                logs.Write(d.Id, d.TeamId, $"[voiceflow] {check.Description}");
                await transitions.TransitionAsync(d.Id, DeploymentState.Running, $"Serving at {observed.Endpoint}; {check.Description}", x =>
                {
                    x.Endpoint = observed.Endpoint;
                    x.Replicas = Math.Max(1, observed.Replicas);
                }, cancel);
                return;

            default:
                await FailAsync(d, spec, provider, observed.Message, cancel);
                return;
        }
    }

    private async Task WatchRunningAsync(Deployment d, DeploymentSpec spec, IDeploymentProvider provider, ProviderObservation observed, CancellationToken cancel)
    {
        switch (observed.Phase)
        {
            case ProviderPhase.Failed or ProviderPhase.Gone:
                await FailAsync(d, spec, provider, observed.Message, cancel);
                return;

            case ProviderPhase.Ready:
                var serving = $"Serving at {d.Endpoint}";
                if (d.Replicas != Math.Max(1, observed.Replicas) || (d.Message?.StartsWith("Degraded", StringComparison.Ordinal) ?? false))
                {
                    await transitions.UpdateAsync(d.Id, x =>
                    {
                        x.Replicas = Math.Max(1, observed.Replicas);
                        x.Message = serving;
                    }, announce: true, cancel);
                }

                return;

            default:
                var message = $"Degraded: {observed.Message}";
                if (d.Message != message || d.Replicas != observed.Replicas)
                {
                    logs.Write(d.Id, d.TeamId, $"[voiceflow] {message}");
                    await transitions.UpdateAsync(d.Id, x =>
                    {
                        x.Message = message;
                        x.Replicas = observed.Replicas;
                    }, announce: true, cancel);
                }

                return;
        }
    }

    /// <summary>Fails a start that ran out of time, and says so once when a state lasts suspiciously long. True when it failed the deployment.</summary>
    private async Task<bool> CheckTimeoutsAsync(Deployment d, DeploymentSpec spec, IDeploymentProvider provider, string? lastWord, CancellationToken cancel)
    {
        var now = clock.GetUtcNow();
        if (d.Status is DeploymentState.Provisioning or DeploymentState.Starting
            && now - (d.ProvisioningStartedAt ?? d.StatusChangedAt) > Settings.StartTimeout)
        {
            await FailAsync(d, spec, provider, $"Did not become ready within {Describe(Settings.StartTimeout)}; last: {lastWord}", cancel);
            return true;
        }

        if (d.Status == DeploymentState.Stopping && now - d.StatusChangedAt > Settings.StopTimeout)
        {
            await transitions.TransitionAsync(d.Id, DeploymentState.Failed,
                $"Could not stop within {Describe(Settings.StopTimeout)} ({lastWord}); its resources may still exist at the provider.", cancellationToken: cancel);
            return true;
        }

        if (d.Status is DeploymentState.Provisioning or DeploymentState.Starting or DeploymentState.Stopping
            && now - d.StatusChangedAt > Settings.StuckAfter
            && (d.StuckReportedAt is null || d.StuckReportedAt < d.StatusChangedAt))
        {
            var message = $"Stuck: still {d.Status.ToWire()} after {Describe(now - d.StatusChangedAt)}; last: {lastWord}";
            logs.Write(d.Id, d.TeamId, $"[voiceflow] {message}");
            LogStuck(logger, d.Id, d.Status.ToWire(), message);
            await transitions.UpdateAsync(d.Id, x =>
            {
                x.Message = message;
                x.StuckReportedAt = now;
            }, announce: true, cancel);
        }

        return false;
    }

    /// <summary>Keeps the provider's latest word as the message (stored, not announced) unless the deployment was reported stuck.</summary>
    private async Task NoteAsync(Deployment d, ProviderObservation observed, CancellationToken cancel)
    {
        if (d.Message != observed.Message && (d.StuckReportedAt is null || d.StuckReportedAt < d.StatusChangedAt))
        {
            await transitions.UpdateAsync(d.Id, x => x.Message = observed.Message, announce: false, cancel);
        }
    }

    private async Task FailAsync(Deployment d, DeploymentSpec spec, IDeploymentProvider provider, string message, CancellationToken cancel)
    {
        try
        {
            await provider.StopAsync(spec, d.ProviderHandle, cancel);
        }
        catch (Exception e) when (!cancel.IsCancellationRequested)
        {
            message += $" (cleaning up failed too: {e.Message})";
        }

        logs.Write(d.Id, d.TeamId, $"[voiceflow] failed: {message}");
        await transitions.TransitionAsync(d.Id, DeploymentState.Failed, message, x => x.ProviderHandle = null, cancel);
    }

    /// <summary>Gives the lease back. At node shutdown, a deployment whose worker dies with this node is stopped and failed first.</summary>
    private async Task ReleaseAsync(Guid id, bool nodeShutdown, CancellationToken cancellationToken)
    {
        if (nodeShutdown && await LoadAsync(id, cancellationToken) is { } d && !d.Status.IsTerminal()
            && providers.Find(d.Provider) is { NodeBound: true } provider && d.ProviderHandle is not null)
        {
            var spec = DeploymentSpec.From(d, options.Value);
            await provider.StopAsync(spec, d.ProviderHandle, cancellationToken);
            var message = d.Status == DeploymentState.Stopping
                ? "Stopped with the server node that ran it"
                : $"The server node that ran this local worker shut down ({node.Id}); the worker stopped with it.";
            logs.Write(id, d.TeamId, $"[voiceflow] {message}");
            await transitions.TransitionAsync(id, d.Status == DeploymentState.Stopping ? DeploymentState.Stopped : DeploymentState.Failed,
                message, x => x.ProviderHandle = null, cancellationToken);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        await db.Database.ExecuteSqlAsync(
            $"UPDATE deployments SET lease_owner = NULL, lease_expires_at = NULL WHERE id = {id} AND lease_owner = {node.Id}",
            cancellationToken);
    }

    private async Task<Deployment?> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<VoiceFlowDbContext>();
        return await db.Deployments.AsNoTracking().FirstOrDefaultAsync(d => d.Id == id, cancellationToken);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static string Describe(TimeSpan span) => span.TotalMinutes >= 1
        ? string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min")
        : string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");

    [LoggerMessage(LogLevel.Information, "Deployment driver running as node {Node}")]
    private static partial void LogDriving(ILogger logger, string node);

    [LoggerMessage(LogLevel.Warning, "The database schema has {Pending} pending migrations (run the migrate command); deployments wait")]
    private static partial void LogWaitingForSchema(ILogger logger, int pending);

    [LoggerMessage(LogLevel.Warning, "Deployment poll failed; trying again at the next poll")]
    private static partial void LogPollFailed(ILogger logger, Exception exception);

    [LoggerMessage(LogLevel.Warning, "Deployment {DeploymentId}: step in {Status} failed; retrying")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid deploymentId, string status);

    [LoggerMessage(LogLevel.Error, "Deployment {DeploymentId}: driving loop failed")]
    private static partial void LogDriveFailed(ILogger logger, Exception exception, Guid deploymentId);

    [LoggerMessage(LogLevel.Warning, "Deployment {DeploymentId}: could not release it")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, Guid deploymentId);

    [LoggerMessage(LogLevel.Warning, "Deployment {DeploymentId} stuck in {Status}: {Message}")]
    private static partial void LogStuck(ILogger logger, Guid deploymentId, string status, string message);

    /// <summary>A deployment this node drives: its loop, and a signal to look again early.</summary>
    private sealed class Driven(CancellationTokenSource cancellation) : IDisposable
    {
        private readonly SemaphoreSlim _wake = new(0);

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public Task? Task { get; set; }

        public void Wake()
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }

        public async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) => await _wake.WaitAsync(delay, cancellationToken);

        // The semaphore is left to the GC: Wake() may race with the end of the loop, and must never throw.
        public void Dispose() => Cancellation.Dispose();
    }
}
