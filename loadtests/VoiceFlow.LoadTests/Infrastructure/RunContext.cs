using VoiceFlow.LoadTests.Reporting;


namespace VoiceFlow.LoadTests.Infrastructure;

/// <summary>What every scenario shares: the options, one HTTP client, the account cache and the run's reports.</summary>
public sealed class RunContext(LoadOptions options, CancellationToken cancellation) : IAsyncDisposable
{
    private Task<AccountPool>? _accounts;
    private readonly Lock _accountsGate = new();

    public LoadOptions Options { get; } = options;

    public HttpClient Http { get; } = Api.CreateClient();

    public CancellationToken Cancellation { get; } = cancellation;

    public List<ScenarioReport> Reports { get; } = [];

    /// <summary>Collects every Feedback when <c>--timeline</c> is given.</summary>
    public FeedbackTimeline? Timeline { get; } = options.TimelineFile is null ? null : new FeedbackTimeline();

    public string ProtocolName => Options.Protocol == WireProtocol.MessagePack ? "msgpack" : "json";

    /// <summary>The run's one account cache (scenarios of the mixed run share it).</summary>
    public Task<AccountPool> AccountsAsync()
    {
        lock (_accountsGate)
        {
            return _accounts ??= AccountPool.OpenAsync(Options, Http);
        }
    }

    public ScenarioReport NewReport(string name, int streams)
    {
        var report = new ScenarioReport(name, ProtocolName, streams);
        Reports.Add(report);
        return report;
    }

    /// <summary>Warm-up, then the measured window, bounded by the run's cancellation.</summary>
    public async Task RunWindowAsync(MeasureWindow window, ScenarioReport report, int? seconds = null)
    {
        TimeSpan cpuAtStart = TimeSpan.Zero;
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(Options.Warmup), Cancellation);
            window.Start();
            cpuAtStart = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(seconds ?? Options.Duration), Cancellation);
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            window.Stop();
            report.MeasuredSeconds = window.Seconds;
            var cpu = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
            if (window.Seconds > 0)
            {
                report.Note("load tool CPU (this process, measured window)", $"{cpu:0.0} s ({cpu / window.Seconds:0.00} cores)");
            }

            report.Note("machine load average (1, 5 min) at the end", Machine.LoadAverage());
        }
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        return ValueTask.CompletedTask;
    }
}
