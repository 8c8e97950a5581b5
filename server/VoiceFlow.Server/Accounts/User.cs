namespace VoiceFlow.Server.Accounts;

public sealed class User
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Email { get; set; }

    /// <summary>Lower-cased, trimmed email: the unique login name.</summary>
    public required string NormalizedEmail { get; set; }

    public required string PasswordHash { get; set; }
    public required string Name { get; set; }
    public string? Company { get; set; }
    public DateTimeOffset? EmailVerifiedAt { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>VoiceFlow staff: review recordings, import prompts.</summary>
    public bool IsStaff { get; set; }

    /// <summary>Bumped whenever credentials change, so older sessions can be told apart.</summary>
    public DateTimeOffset? PasswordChangedAt { get; set; }

    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
