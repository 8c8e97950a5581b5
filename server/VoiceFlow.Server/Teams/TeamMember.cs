namespace VoiceFlow.Server.Teams;

public sealed class TeamMember
{
    public Guid TeamId { get; init; }
    public Guid UserId { get; init; }
    public TeamRole Role { get; set; }
    public DateTimeOffset JoinedAt { get; init; }
    public Team? Team { get; init; }
}

/// <summary>Roles in ascending order of power: a role can do everything the roles below it can.</summary>
public enum TeamRole
{
    Viewer = 0,
    Developer = 1,
    Admin = 2,
    Owner = 3,
}
