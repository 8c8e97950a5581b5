using Microsoft.EntityFrameworkCore;
using VoiceFlow.Server.Accounts;
using VoiceFlow.Server.Audit;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Email;
using VoiceFlow.Server.Infrastructure.Security;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Teams;

/// <summary>Team membership rules. Member changes lock the team row so "at least one owner" holds under concurrency.</summary>
public sealed class TeamService(
    VoiceFlowDbContext db, TeamAccess access, AuditLog audit, EmailComposer mail, IEmailSender sender, TimeProvider clock)
{
    private static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<List<TeamSummary>> ListAsync(Guid userId, CancellationToken cancellationToken) =>
        (await db.TeamMembers.AsNoTracking()
            .Where(m => m.UserId == userId)
            .OrderBy(m => m.JoinedAt)
            .Select(m => new { m.Team!.Id, m.Team.Name, m.Team.Plan, m.Team.IsPersonal, m.Role })
            .ToListAsync(cancellationToken))
        .Select(t => new TeamSummary(t.Id, t.Name, t.Plan.ToString().ToLowerInvariant(), t.IsPersonal, t.Role.Name()))
        .ToList();

    public async Task<TeamSummary> CreateAsync(Guid userId, string name, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var team = new Team { Name = FreeText.Clean(name), CreatedAt = now };
        team.Members.Add(new TeamMember { UserId = userId, Role = TeamRole.Owner, JoinedAt = now });
        db.Teams.Add(team);
        audit.Record("team.create", "team", team.Id, userId: userId, teamId: team.Id);
        await db.SaveChangesAsync(cancellationToken);
        return new TeamSummary(team.Id, team.Name, team.Plan.ToString().ToLowerInvariant(), false, TeamRole.Owner.Name());
    }

    public async Task<TeamOutcome<List<TeamMemberView>>> MembersAsync(Guid userId, Guid teamId, CancellationToken cancellationToken)
    {
        var check = await access.CheckAsync(userId, teamId, TeamRole.Viewer, cancellationToken);
        if (!check.IsAllowed)
        {
            return TeamOutcome<List<TeamMemberView>>.Refused(check);
        }

        var members = await db.TeamMembers.AsNoTracking()
            .Where(m => m.TeamId == teamId)
            .Join(db.Users, m => m.UserId, u => u.Id, (m, u) => new { m.UserId, u.Email, u.Name, m.Role, m.JoinedAt })
            .OrderBy(m => m.JoinedAt)
            .ToListAsync(cancellationToken);
        return TeamOutcome<List<TeamMemberView>>.Ok(
            members.Select(m => new TeamMemberView(m.UserId, m.Email, m.Name, m.Role.Name(), m.JoinedAt)).ToList());
    }

    public async Task<TeamOutcome<InvitationView>> InviteAsync(
        Guid userId, Guid teamId, string email, TeamRole role, CancellationToken cancellationToken)
    {
        var check = await access.CheckAsync(userId, teamId, TeamRole.Admin, cancellationToken);
        if (!check.IsAllowed)
        {
            return TeamOutcome<InvitationView>.Refused(check);
        }

        if (role == TeamRole.Owner && check.Role != TeamRole.Owner)
        {
            return TeamOutcome<InvitationView>.Forbidden("Only an owner can invite another owner.");
        }

        var normalized = User.Normalize(email);
        var alreadyMember = await db.TeamMembers.AnyAsync(
            m => m.TeamId == teamId && db.Users.Any(u => u.Id == m.UserId && u.NormalizedEmail == normalized), cancellationToken);
        if (alreadyMember)
        {
            return TeamOutcome<InvitationView>.Conflict("This person is already a member of the team.");
        }

        var raw = SecretToken.Generate();
        var now = clock.GetUtcNow();
        var invitation = new TeamInvitation
        {
            TeamId = teamId,
            Email = normalized,
            Role = role,
            InvitedByUserId = userId,
            TokenHash = SecretToken.Hash(raw),
            CreatedAt = now,
            ExpiresAt = now + InvitationLifetime,
        };
        db.TeamInvitations.Add(invitation);
        audit.Record("team.invite", "team_invitation", invitation.Id, userId: userId, teamId: teamId);
        await db.SaveChangesAsync(cancellationToken);

        var teamName = await db.Teams.Where(t => t.Id == teamId).Select(t => t.Name).FirstAsync(cancellationToken);
        await sender.SendAsync(mail.Compose(email, email, $"You are invited to {teamName} on VoiceFlow",
            $"Hello,\n\nYou are invited to join the team \"{teamName}\" on VoiceFlow as {role.Name()}.\n" +
            $"Accept the invitation (valid for 7 days; sign up first with this email address if you have no account):\n" +
            $"{mail.Link("accept-invitation", raw)}\n"), cancellationToken);
        return TeamOutcome<InvitationView>.Ok(new InvitationView(invitation.Id, invitation.Email, role.Name(), invitation.ExpiresAt));
    }

    public async Task<TeamOutcome<TeamSummary>> AcceptAsync(Guid userId, string token, CancellationToken cancellationToken)
    {
        var hash = SecretToken.Hash(token);
        var now = clock.GetUtcNow();
        var user = await db.Users.FirstAsync(u => u.Id == userId, cancellationToken);
        var invitation = await db.TeamInvitations.FirstOrDefaultAsync(
            i => i.TokenHash == hash && i.AcceptedAt == null && i.ExpiresAt > now, cancellationToken);
        // An invitation belongs to the address it was sent to: a forwarded link does not work for someone else.
        if (invitation is null || invitation.Email != user.NormalizedEmail)
        {
            return TeamOutcome<TeamSummary>.Invalid("The invitation is invalid, expired, already used or addressed to another email.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.TeamInvitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (claimed == 0)
        {
            return TeamOutcome<TeamSummary>.Invalid("The invitation was already used.");
        }

        var existing = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == invitation.TeamId && m.UserId == userId, cancellationToken);
        if (existing is null)
        {
            db.TeamMembers.Add(new TeamMember { TeamId = invitation.TeamId, UserId = userId, Role = invitation.Role, JoinedAt = now });
        }

        audit.Record("team.join", "team", invitation.TeamId, userId: userId, teamId: invitation.TeamId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var team = await db.Teams.AsNoTracking().FirstAsync(t => t.Id == invitation.TeamId, cancellationToken);
        var role = existing?.Role ?? invitation.Role;
        return TeamOutcome<TeamSummary>.Ok(new TeamSummary(team.Id, team.Name, team.Plan.ToString().ToLowerInvariant(), team.IsPersonal, role.Name()));
    }

    public async Task<TeamOutcome<TeamMemberView>> ChangeRoleAsync(
        Guid userId, Guid teamId, Guid memberId, TeamRole role, CancellationToken cancellationToken)
    {
        var check = await access.CheckAsync(userId, teamId, TeamRole.Admin, cancellationToken);
        if (!check.IsAllowed)
        {
            return TeamOutcome<TeamMemberView>.Refused(check);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockTeamAsync(teamId, cancellationToken);
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == memberId, cancellationToken);
        if (member is null)
        {
            return TeamOutcome<TeamMemberView>.NotFound("The member");
        }

        if ((member.Role == TeamRole.Owner || role == TeamRole.Owner) && check.Role != TeamRole.Owner)
        {
            return TeamOutcome<TeamMemberView>.Forbidden("Only an owner can grant or take away the owner role.");
        }

        if (member.Role == TeamRole.Owner && role != TeamRole.Owner && await OwnerCountAsync(teamId, cancellationToken) == 1)
        {
            return TeamOutcome<TeamMemberView>.Conflict("The last owner cannot be demoted: make someone else owner first.");
        }

        member.Role = role;
        audit.Record("team.member_role", "team_member", memberId, userId: userId, teamId: teamId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstAsync(u => u.Id == memberId, cancellationToken);
        return TeamOutcome<TeamMemberView>.Ok(new TeamMemberView(memberId, user.Email, user.Name, role.Name(), member.JoinedAt));
    }

    public async Task<TeamOutcome<bool>> RemoveAsync(Guid userId, Guid teamId, Guid memberId, CancellationToken cancellationToken)
    {
        // Anyone may leave a team; removing someone else takes an admin.
        var needed = memberId == userId ? TeamRole.Viewer : TeamRole.Admin;
        var check = await access.CheckAsync(userId, teamId, needed, cancellationToken);
        if (!check.IsAllowed)
        {
            return TeamOutcome<bool>.Refused(check);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await LockTeamAsync(teamId, cancellationToken);
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == teamId && m.UserId == memberId, cancellationToken);
        if (member is null)
        {
            return TeamOutcome<bool>.NotFound("The member");
        }

        if (member.Role == TeamRole.Owner && memberId != userId && check.Role != TeamRole.Owner)
        {
            return TeamOutcome<bool>.Forbidden("Only an owner can remove an owner.");
        }

        if (member.Role == TeamRole.Owner && await OwnerCountAsync(teamId, cancellationToken) == 1)
        {
            return TeamOutcome<bool>.Conflict("The last owner cannot be removed.");
        }

        db.TeamMembers.Remove(member);
        audit.Record("team.member_remove", "team_member", memberId, userId: userId, teamId: teamId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TeamOutcome<bool>.Ok(true);
    }

    private Task LockTeamAsync(Guid teamId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT 1 FROM teams WHERE id = {teamId} FOR UPDATE", cancellationToken);

    private Task<int> OwnerCountAsync(Guid teamId, CancellationToken cancellationToken) =>
        db.TeamMembers.CountAsync(m => m.TeamId == teamId && m.Role == TeamRole.Owner, cancellationToken);
}
