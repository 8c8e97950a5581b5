namespace VoiceFlow.Server.Teams;

/// <summary>An emailed, single-use invitation to join a team with a role. Only the token's hash is stored.</summary>
public sealed class TeamInvitation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TeamId { get; init; }
    public required string Email { get; init; }
    public TeamRole Role { get; init; }
    public Guid InvitedByUserId { get; init; }
    public required byte[] TokenHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? AcceptedAt { get; set; }
}
