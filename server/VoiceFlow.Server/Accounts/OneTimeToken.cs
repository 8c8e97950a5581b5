namespace VoiceFlow.Server.Accounts;

/// <summary>A single-use secret sent by email (verification, password reset, invitation). Only its hash is stored.</summary>
public sealed class OneTimeToken
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid UserId { get; init; }
    public OneTimeTokenPurpose Purpose { get; init; }
    public required byte[] TokenHash { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset? ConsumedAt { get; set; }
}

public enum OneTimeTokenPurpose
{
    VerifyEmail,
    ResetPassword,
}
