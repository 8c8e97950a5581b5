using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Accounts.Tokens;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Audit;

public sealed record AuditEntryView(
    Guid Id, DateTimeOffset At, string Action, string ResourceType, string? ResourceId,
    Guid? UserId, string? UserEmail, Guid? ApiKeyId, string? Ip, string? UserAgent);

public sealed record AuditPage(IReadOnlyList<AuditEntryView> Items, int Page, int PageSize, bool HasMore);

public static class AuditEndpoints
{
    private const int MaxPageSize = 200;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/audit", List).WithTags("Audit").RequireAuthorization(AuthPolicies.Account);
        return app;
    }

    /// <summary>
    /// The team's audit log, newest first; <c>teamId</c> defaults to the personal team. Owners and admins only. The owner
    /// of a personal team also sees their own account's events there (logins, logouts, password resets), which belong
    /// to no team; nobody else ever sees them.
    /// </summary>
    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> List(
        Guid? teamId, int? page, int? pageSize, HttpContext http, TeamAccess access, VoiceFlowDbContext db, CancellationToken cancellationToken)
    {
        var viewer = http.User.RequiredUserId();
        var check = await access.CheckAsync(viewer, teamId, TeamRole.Admin, cancellationToken);
        if (check.ToProblem("The team") is { } problem)
        {
            return problem;
        }

        var withOwnAccountEvents = check.Role == TeamRole.Owner
            && await db.Teams.AnyAsync(t => t.Id == check.TeamId && t.IsPersonal, cancellationToken);
        var entries = withOwnAccountEvents
            ? db.AuditLog.AsNoTracking().Where(e => e.TeamId == check.TeamId || (e.TeamId == null && e.UserId == viewer))
            : db.AuditLog.AsNoTracking().Where(e => e.TeamId == check.TeamId);

        var size = Math.Clamp(pageSize ?? 50, 1, MaxPageSize);
        var number = Math.Max(page ?? 1, 1);
        var rows = await entries
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip((number - 1) * size)
            .Take(size + 1)
            .Select(e => new AuditEntryView(
                e.Id, e.At, e.Action, e.ResourceType, e.ResourceId, e.UserId,
                db.Users.Where(u => u.Id == e.UserId).Select(u => u.Email).FirstOrDefault(),
                e.ApiKeyId, e.Ip, e.UserAgent))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new AuditPage(rows.Take(size).ToList(), number, size, rows.Count > size));
    }
}
