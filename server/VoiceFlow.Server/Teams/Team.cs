namespace VoiceFlow.Server.Teams;

public sealed class Team
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public Plan Plan { get; set; } = Plan.Free;

    /// <summary>Every user owns exactly one personal team, created with the account.</summary>
    public bool IsPersonal { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public List<TeamMember> Members { get; init; } = [];
}

public enum Plan
{
    Free,
    Pro,
    Enterprise,
}
