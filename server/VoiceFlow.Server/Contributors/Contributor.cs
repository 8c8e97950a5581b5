namespace VoiceFlow.Server.Contributors;

/// <summary>A person who records prompts. Shares the user's identity (login, password); this is the profile on top.</summary>
public sealed class Contributor
{
    public Guid UserId { get; init; }

    /// <summary>ISO 3166-1 alpha-2, upper case.</summary>
    public required string Country { get; set; }

    /// <summary>BCP 47 tags, canonical case (en-US).</summary>
    public List<string> Languages { get; set; } = [];

    public VoiceProfile? VoiceProfile { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class VoiceProfile
{
    public string? AgeRange { get; set; }
    public string? Gender { get; set; }
    public string? Accent { get; set; }
    public string? Microphone { get; set; }
}
