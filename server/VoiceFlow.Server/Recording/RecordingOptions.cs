using System.ComponentModel.DataAnnotations;

namespace VoiceFlow.Server.Recording;

public sealed class RecordingOptions
{
    public const string Section = "Recording";

    [Range(1, 100)]
    public int MinChunkMs { get; set; } = 10;

    [Range(10, 1000)]
    public int MaxChunkMs { get; set; } = 250;

    /// <summary>Audio between two Feedback messages (the contract promises at most 250 ms).</summary>
    [Range(20, 250)]
    public int FeedbackIntervalMs { get; set; } = 100;

    /// <summary>A take may last twice the prompt's target plus this slack, and never longer than <see cref="MaxTakeSeconds"/>.</summary>
    [Range(0, 60)]
    public int SlackSeconds { get; set; } = 3;

    [Range(5, 600)]
    public int MaxTakeSeconds { get; set; } = 60;

    /// <summary>How often a node adds the takes it stored to the prompts' recording counts (the least-recorded-first order).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PromptTallyInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Linux nice value of the threads that resample and store takes (0 is the hubs' own priority): they use the CPU the
    /// live streams leave, and a take's result waits for them only at its end. 19, the default, also runs them under
    /// <c>SCHED_IDLE</c>, so a hub thread that wakes takes their core at once instead of after their time slice.
    /// </summary>
    [Range(0, 19)]
    public int StorageNice { get; set; } = 19;

    /// <summary>How long a signed playback link works.</summary>
    public TimeSpan PlaybackUrlLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Base64 HMAC key for playback links; empty: generated once by <c>migrate</c> and shared through PostgreSQL.</summary>
    public string? PlaybackSigningKey { get; set; }

    /// <summary>Stored takes are 16 kHz mono 16-bit WAV, the rate speech models and Whisper use.</summary>
    public const int StoredSampleRate = 16_000;

    public TimeSpan LimitFor(int targetDurationSeconds) =>
        TimeSpan.FromSeconds(Math.Min(MaxTakeSeconds, (targetDurationSeconds * 2) + SlackSeconds));
}
