namespace VoiceFlow.Server.Accounts.Tokens;

/// <summary>
/// Key material for signing and encrypting tokens, kept in PostgreSQL so every node of a cluster
/// issues and accepts the same tokens without sharing files.
/// </summary>
public sealed class TokenKey
{
    public required string Id { get; init; }
    public required byte[] Material { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
}
