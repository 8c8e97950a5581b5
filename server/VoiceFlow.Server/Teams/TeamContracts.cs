using System.ComponentModel.DataAnnotations;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.Teams;

public sealed record TeamSummary(Guid Id, string Name, string Plan, bool Personal, string Role);

public sealed record CreateTeamRequest([property: Required, PlainText(100)] string Name);

public sealed record TeamMemberView(Guid UserId, string Email, string Name, string Role, DateTimeOffset JoinedAt);

public sealed record InviteMemberRequest(
    [property: Required, EmailAddress, StringLength(254)] string Email,
    [property: Required, OneOf("owner", "admin", "developer", "viewer")] string Role);

public sealed record InvitationView(Guid Id, string Email, string Role, DateTimeOffset ExpiresAt);

public sealed record AcceptInvitationRequest([property: Required, StringLength(200)] string Token);

public sealed record ChangeRoleRequest([property: Required, OneOf("owner", "admin", "developer", "viewer")] string Role);

public static class TeamRoles
{
    public static string Name(this TeamRole role) => role.ToString().ToLowerInvariant();

    public static TeamRole Parse(string role) => Enum.Parse<TeamRole>(role, ignoreCase: true);
}
