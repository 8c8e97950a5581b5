namespace VoiceFlow.Server.Recording.Prompts;

/// <summary>A sentence for contributors to read aloud.</summary>
public sealed class Prompt
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Text { get; init; }

    /// <summary>BCP 47 language (en, en-GB, …).</summary>
    public required string Language { get; init; }

    public required string Category { get; init; }

    /// <summary>1 (short, common words) to 3 (long, numbers, technical terms).</summary>
    public int Difficulty { get; init; }

    public int TargetDurationSeconds { get; init; }

    /// <summary>Live (not rejected) recordings of this prompt, so the least-recorded can be offered first.</summary>
    public int RecordingCount { get; set; }

    public bool Active { get; set; } = true;
    public DateTimeOffset CreatedAt { get; init; }
}
