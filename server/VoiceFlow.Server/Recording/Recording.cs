namespace VoiceFlow.Server.Recording;

/// <summary>One stored take of a prompt by a contributor.</summary>
public sealed class Recording
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ContributorId { get; init; }
    public Guid PromptId { get; init; }
    public RecordingStatus Status { get; set; } = RecordingStatus.Pending;
    public int DurationMs { get; init; }

    /// <summary>Where the audio store keeps the take; built by the server, never from user input.</summary>
    public required string AudioKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

public enum RecordingStatus
{
    Pending,
    Approved,
    Rejected,
    Review,
}
