using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Deployments.Lifecycle;
using VoiceFlow.Server.Deployments.Realtime;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Errors;
using VoiceFlow.Server.Infrastructure.RateLimiting;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Deployments;

/// <summary>
/// Deployment CRUD for signed-in users; <c>teamId</c> (query) picks the team on create and list, the personal team
/// otherwise. Creating answers 202: the deployment is <c>pending</c> and a driver takes it from there.
/// </summary>
public static class DeploymentsEndpoints
{
    public static IEndpointRouteBuilder MapDeployments(this IEndpointRouteBuilder app)
    {
        var deployments = app.MapGroup("/api/deployments").WithTags("Deployments").RequireAuthorization(AuthPolicies.Account);
        deployments.MapPost("/", Create);
        deployments.MapGet("/", List);
        deployments.MapGet("/{id:guid}", Get);
        deployments.MapPost("/{id:guid}/stop", Stop);
        deployments.MapDelete("/{id:guid}", Delete);
        deployments.MapGet("/{id:guid}/events", Events);
        deployments.MapGet("/{id:guid}/logs", Logs);
        app.MapHub<DeploymentsHub>(DeploymentsHubProtocol.Path).RequireAuthorization(AuthPolicies.Account);
        return app;
    }

    private static async Task<IResult> Create(
        CreateDeploymentRequest request, Guid? teamId, HttpContext http, TeamAccess access, VoiceFlowDbContext db, AuditLog audit,
        RateLimiter limiter, IOptions<DeploymentOptions> options, DeploymentNotifier notifier, DeploymentDriver driver,
        DeploymentNode node, TimeProvider clock, CancellationToken cancellationToken)
    {
        var userId = http.User.RequiredUserId();
        var team = await access.CheckAsync(userId, teamId, TeamRole.Developer, cancellationToken);
        if (team.ToProblem("The team") is { } refused)
        {
            return refused;
        }

        var decision = await limiter.HitAsync(RateLimitPolicies.CreateDeployment, team.TeamId.ToString(), cancellationToken);
        if (!decision.Allowed)
        {
            return RateLimiter.TooManyRequests(http, decision);
        }

        var settings = options.Value;
        if (!settings.TryGetGpu(request.GpuType, out var gpuType, out var gpu))
        {
            // Validation already refused it, unless the list changed in between.
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["gpuType"] = ["Unknown GPU type."] });
        }

        var now = clock.GetUtcNow();
        var deployment = new Deployment
        {
            TeamId = team.TeamId,
            CreatedByUserId = userId,
            Name = request.Name,
            GpuType = gpuType,
            DeploymentType = request.DeploymentType,
            Engine = request.Engine ?? settings.Engines[0],
            Provider = settings.Provider,
            HourlyCostCents = gpu.HourlyCostCents,
            Status = DeploymentState.Pending,
            StatusChangedAt = now,
            Message = "Waiting for a driver",
            CreatedAt = now,
        };

        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            // Concurrent creates for one team queue here, so the plan limit holds.
            var plan = (await db.Teams.FromSql($"SELECT * FROM teams WHERE id = {team.TeamId} FOR UPDATE").AsNoTracking()
                .ToListAsync(cancellationToken)).Single().Plan;
            if (settings.ActiveLimit(plan) is { } limit)
            {
                var active = await db.Deployments.CountAsync(
                    d => d.TeamId == team.TeamId && d.Status != DeploymentState.Stopped && d.Status != DeploymentState.Failed
                        && d.StopRequestedAt == null,
                    cancellationToken);
                if (active >= limit)
                {
                    return PlanLimit(settings, plan, limit);
                }
            }

            if (await db.Deployments.AnyAsync(d => d.TeamId == team.TeamId && d.Name == request.Name && d.DeletedAt == null, cancellationToken))
            {
                return NameTaken(request.Name);
            }

            db.Deployments.Add(deployment);
            DeploymentTransitions.AddCreatedEvent(db, deployment, node.Id);
            audit.Record("deployment.create", "deployment", deployment.Id, userId: userId, teamId: team.TeamId);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                return NameTaken(request.Name);
            }

            // This node holds the new deployment until watchers have heard of it, so no driver can announce
            // "provisioning" before "pending".
            await driver.HoldAsync(db, deployment.Id, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        DeploymentMetrics.Transitions.WithLabels(DeploymentState.Pending.ToWire()).Inc();
        await notifier.ChangedAsync(deployment, null, now);
        await driver.HandOverAsync(deployment.Id);
        return TypedResults.Accepted($"/api/deployments/{deployment.Id}", DeploymentStatus.From(deployment));
    }

    private static async Task<Results<Ok<List<DeploymentStatus>>, ProblemHttpResult>> List(
        Guid? teamId, HttpContext http, TeamAccess access, DeploymentQueries queries, CancellationToken cancellationToken)
    {
        var team = await access.CheckAsync(http.User.RequiredUserId(), teamId, TeamRole.Viewer, cancellationToken);
        if (team.ToProblem("The team") is { } problem)
        {
            return problem;
        }

        return TypedResults.Ok(await queries.ListAsync([team.TeamId], cancellationToken));
    }

    private static async Task<Results<Ok<DeploymentStatus>, ProblemHttpResult>> Get(
        Guid id, HttpContext http, TeamAccess access, DeploymentQueries queries, CancellationToken cancellationToken)
    {
        var (deployment, problem) = await FindAsync(id, TeamRole.Viewer, http, access, queries, cancellationToken);
        return problem ?? (Results<Ok<DeploymentStatus>, ProblemHttpResult>)TypedResults.Ok(DeploymentStatus.From(deployment!));
    }

    private static async Task<Results<Accepted<DeploymentStatus>, ProblemHttpResult>> Stop(
        Guid id, HttpContext http, TeamAccess access, VoiceFlowDbContext db, AuditLog audit, DeploymentDriver driver, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var userId = http.User.RequiredUserId();
        var (deployment, problem) = await FindToChangeAsync(id, userId, access, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (!deployment!.Status.IsTerminal() && deployment.StopRequestedAt is null)
        {
            deployment.StopRequestedAt = clock.GetUtcNow();
            audit.Record("deployment.stop", "deployment", deployment.Id, userId: userId, teamId: deployment.TeamId);
            await db.SaveChangesAsync(cancellationToken);
            driver.Wake(deployment.Id);
        }

        return TypedResults.Accepted($"/api/deployments/{deployment.Id}", DeploymentStatus.From(deployment));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, HttpContext http, TeamAccess access, VoiceFlowDbContext db, AuditLog audit, DeploymentDriver driver, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var userId = http.User.RequiredUserId();
        var (deployment, problem) = await FindToChangeAsync(id, userId, access, db, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = clock.GetUtcNow();
        deployment!.DeletedAt = now;
        if (!deployment.Status.IsTerminal())
        {
            // Stopped first, by its driver; the row stays for billing and history.
            deployment.StopRequestedAt ??= now;
        }

        audit.Record("deployment.delete", "deployment", deployment.Id, userId: userId, teamId: deployment.TeamId);
        await db.SaveChangesAsync(cancellationToken);
        driver.Wake(deployment.Id);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<List<DeploymentEventView>>, ProblemHttpResult>> Events(
        Guid id, HttpContext http, TeamAccess access, DeploymentQueries queries, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var (_, problem) = await FindAsync(id, TeamRole.Viewer, http, access, queries, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var events = await db.DeploymentEvents.AsNoTracking().Where(e => e.DeploymentId == id).OrderBy(e => e.Sequence).ToListAsync(cancellationToken);
        return TypedResults.Ok(events.Select(e => new DeploymentEventView(e.Sequence, e.Status.ToWire(), e.PreviousStatus.ToWire(), e.Message, e.At.UtcDateTime)).ToList());
    }

    private static async Task<Results<Ok<List<DeploymentLogView>>, ProblemHttpResult>> Logs(
        Guid id, int? limit, HttpContext http, TeamAccess access, DeploymentQueries queries, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var (_, problem) = await FindAsync(id, TeamRole.Viewer, http, access, queries, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var count = Math.Clamp(limit ?? 200, 1, 1000);
        var lines = await db.DeploymentLogLines.AsNoTracking().Where(l => l.DeploymentId == id)
            .OrderByDescending(l => l.Id).Take(count).ToListAsync(cancellationToken);
        lines.Reverse();
        return TypedResults.Ok(lines.Select(l => new DeploymentLogView(l.At.UtcDateTime, l.Line)).ToList());
    }

    private static async Task<(Deployment? Deployment, ProblemHttpResult? Problem)> FindAsync(
        Guid id, TeamRole role, HttpContext http, TeamAccess access, DeploymentQueries queries, CancellationToken cancellationToken)
    {
        var deployment = await queries.FindAsync(id, cancellationToken);
        var team = deployment is null
            ? TeamAccessResult.NotFound
            : await access.CheckAsync(http.User.RequiredUserId(), deployment.TeamId, role, cancellationToken);
        return (deployment, team.ToProblem("The deployment"));
    }

    /// <summary>The deployment, tracked for a change, when the caller may change it (developers and up).</summary>
    private static async Task<(Deployment? Deployment, ProblemHttpResult? Problem)> FindToChangeAsync(
        Guid id, Guid userId, TeamAccess access, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var deployment = await db.Deployments.FirstOrDefaultAsync(d => d.Id == id && d.DeletedAt == null, cancellationToken);
        var team = deployment is null
            ? TeamAccessResult.NotFound
            : await access.CheckAsync(userId, deployment.TeamId, TeamRole.Developer, cancellationToken);
        return (deployment, team.ToProblem("The deployment"));
    }

    private static ProblemHttpResult NameTaken(string name) =>
        Problems.Conflict($"This team already has a deployment named '{name}'. Delete it or choose another name.");

    private static ProblemHttpResult PlanLimit(DeploymentOptions settings, Plan plan, int limit)
    {
        var upgrade = Enum.GetValues<Plan>().Where(p => p > plan).FirstOrDefault(p => settings.ActiveLimit(p) is not { } higher || higher > limit);
        var planName = plan.ToString().ToLowerInvariant();
        var upgradeName = upgrade.ToString().ToLowerInvariant();
        var allows = settings.ActiveLimit(upgrade) is { } more ? $"up to {more}" : "unlimited";
        var detail = upgrade > plan
            ? $"The {planName} plan allows {limit} active deployment{(limit == 1 ? "" : "s")}. Stop one, or upgrade to the {upgradeName} plan for {allows} active deployments."
            : $"The {planName} plan allows {limit} active deployments. Stop one first.";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status402PaymentRequired, title: "Plan limit reached", detail: detail,
            extensions: new Dictionary<string, object?>
            {
                ["plan"] = planName,
                ["limit"] = limit,
                ["requiredPlan"] = upgrade > plan ? upgradeName : null,
            });
    }
}
