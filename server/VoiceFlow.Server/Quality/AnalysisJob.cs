namespace VoiceFlow.Server.Quality;

/// <summary>
/// A durable request to score a stored take. The recording feature adds one with each recording, in the same
/// transaction; the quality feature's worker takes them (at least once, idempotently).
/// </summary>
public sealed class AnalysisJob
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid RecordingId { get; init; }
    public AnalysisJobStatus Status { get; set; } = AnalysisJobStatus.Queued;
    public int Attempts { get; set; }
    public DateTimeOffset RunAfter { get; set; }

    /// <summary>While running: when the lease ends. A node that dies mid-job leaves it to be taken again after this.</summary>
    public DateTimeOffset? LeaseUntil { get; set; }

    /// <summary>Which node holds the lease (for operators; correctness does not depend on it).</summary>
    public string? LockedBy { get; set; }

    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; set; }
}

public enum AnalysisJobStatus
{
    Queued,
    Running,
    Done,
    Parked,
}
