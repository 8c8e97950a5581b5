using System.ComponentModel.DataAnnotations;
using VoiceFlow.Server.Infrastructure.Validation;

namespace VoiceFlow.Server.ApiKeys;

public sealed record CreateApiKeyRequest(
    [property: Required, PlainText(100)] string Name,
    [property: PlainText(500)] string? Description);

/// <summary>The only answer that ever contains the raw key.</summary>
public sealed record CreatedApiKey(Guid Id, string Name, string Prefix, string Key, DateTimeOffset CreatedAt);

public sealed record ApiKeySummary(
    Guid Id, string Name, string? Description, string Prefix, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, long RequestCount, DateTimeOffset? RevokedAt);

public sealed record CurrentApiKey(Guid Id, string Name, string Prefix, Guid TeamId, DateTimeOffset CreatedAt);
