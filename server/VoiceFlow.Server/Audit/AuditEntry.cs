namespace VoiceFlow.Server.Audit;

/// <summary>One mutating action: who did what to which resource, from where and when.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid? TeamId { get; init; }
    public Guid? UserId { get; init; }
    public Guid? ApiKeyId { get; init; }
    public required string Action { get; init; }
    public required string ResourceType { get; init; }
    public string? ResourceId { get; init; }
    public string? Ip { get; init; }
    public string? UserAgent { get; init; }
    public DateTimeOffset At { get; init; }
}
