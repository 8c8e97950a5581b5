namespace VoiceFlow.Server.ApiKeys;

public sealed class ApiKey
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid TeamId { get; init; }
    public Guid CreatedByUserId { get; init; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>The first characters of the key, safe to show so a user can recognise it.</summary>
    public required string Prefix { get; init; }

    /// <summary>SHA-256 of the whole key. Keys are 256-bit random secrets, so a fast hash is enough and allows an index lookup.</summary>
    public required byte[] Hash { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public long RequestCount { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}
