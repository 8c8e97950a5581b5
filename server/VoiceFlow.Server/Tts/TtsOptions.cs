using VoiceFlow.Server.Teams;

namespace VoiceFlow.Server.Tts;

/// <summary>Settings of the <c>Tts</c> section.</summary>
public sealed class TtsOptions
{
    public const string Section = "Tts";

    /// <summary>Duration of every chunk's audio but the last, in milliseconds.</summary>
    public int FrameMs { get; set; } = 40;

    /// <summary>Most characters of one <c>Synthesize</c> request, and of one <c>SynthesizeText</c> stream in total.</summary>
    public int MaxTextChars { get; set; } = 5000;

    /// <summary>
    /// <c>SynthesizeText</c>: a sentence that ends the text received so far (e.g. "It costs 3.") is synthesized when no
    /// more text arrives within this time; zero waits for the next text or the end of the stream.
    /// </summary>
    public TimeSpan SentenceIdleFlush { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Time a deployment's worker has to answer with response headers.</summary>
    public TimeSpan DeploymentResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A concurrent-stream slot in Redis expires this long after its node stopped renewing it (node crash).</summary>
    public TimeSpan StreamLeaseTime { get; set; } = TimeSpan.FromSeconds(30);

    public TtsEngineOptions Engine { get; set; } = new();

    public TtsUsageOptions Usage { get; set; } = new();

    public TtsPlans Plans { get; set; } = new();
}

/// <summary>Where the embedded espeak-ng engine runs (<c>Tts:Engine</c>).</summary>
public sealed class TtsEngineOptions
{
    /// <summary>
    /// 0: one synthesis thread inside the server. N: a pool of N engine processes (VoiceFlow.TtsWorker in engine-host
    /// mode), which synthesizes on N cores at once and survives a crash of the native library.
    /// </summary>
    public int Processes { get; set; }

    /// <summary>Path of VoiceFlow.TtsWorker.dll for the pool. Empty: as for local deployments (next to the server, then its build output).</summary>
    public string HostPath { get; set; } = "";

    /// <summary>The dotnet host that runs the pool's processes. Empty: the one running the server.</summary>
    public string DotnetPath { get; set; } = "";
}

/// <summary>Limits per plan (<c>Tts:Plans:Free:MonthlyRequests</c>, ...).</summary>
public sealed class TtsPlans
{
    public TtsPlanLimits Free { get; set; } = new() { ConcurrentStreams = 2, MonthlyRequests = 10_000, Overage = false };

    public TtsPlanLimits Pro { get; set; } = new() { ConcurrentStreams = 10, MonthlyRequests = 100_000, Overage = true };

    public TtsPlanLimits Enterprise { get; set; } = new() { ConcurrentStreams = 50, MonthlyRequests = 1_000_000, Overage = true };

    public TtsPlanLimits For(Plan plan) => plan switch
    {
        Plan.Pro => Pro,
        Plan.Enterprise => Enterprise,
        _ => Free,
    };
}

public sealed class TtsPlanLimits
{
    /// <summary>Streams one API key may have open at once (across nodes when Redis is configured).</summary>
    public int ConcurrentStreams { get; set; }

    /// <summary>Requests a team may make per calendar month (UTC) within the plan.</summary>
    public long MonthlyRequests { get; set; }

    /// <summary>Whether requests beyond <see cref="MonthlyRequests"/> are served (and billed as overage) or refused.</summary>
    public bool Overage { get; set; }
}

public sealed class TtsUsageOptions
{
    /// <summary>Usage events waiting for the writer; beyond this (database down for long) events are dropped and logged.</summary>
    public int QueueCapacity { get; set; } = 50_000;

    /// <summary>Most events written in one transaction.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How long the writer waits for more events before writing a batch.</summary>
    public TimeSpan BatchDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Pause after a failed write before retrying the same batch.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A team's cached monthly count is re-read from the database (in the background) when older than this.</summary>
    public TimeSpan CounterRefresh { get; set; } = TimeSpan.FromSeconds(30);
}
