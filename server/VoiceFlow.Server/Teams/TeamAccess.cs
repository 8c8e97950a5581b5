using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Infrastructure.Database;

namespace VoiceFlow.Server.Teams;

/// <summary>
/// Decides whether a user may act on a team. A team the caller does not belong to is reported as missing,
/// so its existence does not leak; a member without the role is forbidden.
/// </summary>
public sealed class TeamAccess(VoiceFlowDbContext db)
{
    public async Task<TeamAccessResult> CheckAsync(Guid userId, Guid? teamId, TeamRole minimumRole, CancellationToken cancellationToken)
    {
        var query = db.TeamMembers.AsNoTracking().Where(m => m.UserId == userId);
        query = teamId is { } id ? query.Where(m => m.TeamId == id) : query.Where(m => m.Team!.IsPersonal);
        var membership = await query.Select(m => new { m.TeamId, m.Role }).FirstOrDefaultAsync(cancellationToken);
        if (membership is null)
        {
            return TeamAccessResult.NotFound;
        }

        return membership.Role >= minimumRole
            ? TeamAccessResult.Allowed(membership.TeamId, membership.Role)
            : TeamAccessResult.Forbidden(membership.TeamId, membership.Role);
    }
}

public sealed record TeamAccessResult(TeamAccessOutcome Outcome, Guid TeamId, TeamRole? Role)
{
    public static readonly TeamAccessResult NotFound = new(TeamAccessOutcome.NotFound, Guid.Empty, null);

    public static TeamAccessResult Allowed(Guid teamId, TeamRole role) => new(TeamAccessOutcome.Allowed, teamId, role);

    public static TeamAccessResult Forbidden(Guid teamId, TeamRole role) => new(TeamAccessOutcome.Forbidden, teamId, role);

    public bool IsAllowed => Outcome == TeamAccessOutcome.Allowed;
}

public enum TeamAccessOutcome
{
    Allowed,
    Forbidden,
    NotFound,
}
