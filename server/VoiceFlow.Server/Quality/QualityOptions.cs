using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Quality;

/// <summary>Settings of the <c>Quality</c> section: the analysis workers and the decision rules.</summary>
public sealed class QualityOptions
{
    public const string Section = "Quality";

    /// <summary>Jobs this node scores at the same time; 0 turns the worker off on this node.</summary>
    [Range(0, 16)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Linux nice value of the scoring threads: 0 runs them like live traffic, 19 (which also means <c>SCHED_IDLE</c>)
    /// lets them have only the CPU the rest of the node leaves. The default keeps scoring from delaying the recording
    /// hub's Feedback on a shared node and still lets it progress on a busy one.
    /// </summary>
    [Range(0, 19)]
    public int WorkerNice { get; set; } = 10;

    /// <summary>How often an idle worker looks for jobs queued on other nodes or due for a retry; a take stored on this node wakes it at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A running job whose node stops renewing it is taken again after this.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Attempts before a failing job is parked for an operator.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 5;

    /// <summary>Wait before the first retry; doubles with each attempt (capped at one hour).</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(10);

    [Range(1, 100)]
    public int ApproveAtScore { get; set; } = 85;

    [Range(1, 100)]
    public int RejectBelowScore { get; set; } = 50;

    /// <summary>How often the recordings-pending gauge is read from the database.</summary>
    public TimeSpan PendingGaugeInterval { get; set; } = TimeSpan.FromSeconds(15);
}
