using System.Diagnostics;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// Connections that stream takes in real time, in phases: each phase starts every stream (staggered over a second),
/// warms up unmeasured, measures, then stops them. Phases of two groups can be interleaved (floor, hub, floor, hub, ...)
/// so that both see the same machine, even when other work on it comes and goes.
/// </summary>
public sealed class StreamGroup : IAsyncDisposable
{
    private readonly List<(int Index, HubConnection Connection, RealtimeStreamer Streamer)> _streams;
    private readonly Func<int, RealtimeStreamer, CancellationToken, Task> _takes;
    private readonly IAsyncDisposable? _owned;
    private readonly ServerWatch? _server;
    private readonly List<ServerUsage> _usage = [];

    private StreamGroup(
        ScenarioReport report, string prefix, List<(int, HubConnection)> connections, int chunkMs,
        Func<int, RealtimeStreamer, CancellationToken, Task> takes, IAsyncDisposable? owned, ServerWatch? server, FeedbackTimeline? timeline)
    {
        Report = report;
        Feedback = report.Add(new Metric(prefix + "feedback", Window));
        SendLag = report.Add(new Metric(prefix + "send lag", Window));
        Takes = report.Add(new Metric(prefix + "take (stream to result)", Window));
        _streams = connections.Select(c => (c.Item1, c.Item2, new RealtimeStreamer(c.Item2, chunkMs, Feedback, SendLag, timeline))).ToList();
        _takes = takes;
        _owned = owned;
        _server = server;
    }

    public ScenarioReport Report { get; }

    public MeasureWindow Window { get; } = new();

    public Metric Feedback { get; }

    public Metric SendLag { get; }

    public Metric Takes { get; }

    public int Count => _streams.Count;

    /// <summary>
    /// Connects <paramref name="count"/> streams with <paramref name="connect"/>; <paramref name="takes"/> streams takes on
    /// one of them until its token fires (errors are its to count).
    /// </summary>
    public static async Task<StreamGroup> ConnectAsync(
        RunContext ctx, ScenarioReport report, string prefix, int count, int chunkMs,
        Func<int, CancellationToken, Task<HubConnection>> connect, Func<StreamGroup, int, RealtimeStreamer, CancellationToken, Task> takes,
        IAsyncDisposable? owned = null, ServerWatch? server = null)
    {
        var (connections, failed, error) = await HubClients.StartManyAsync(count, async (i, ct) => (i, await connect(i, ct)), 32, ctx.Cancellation);
        StreamGroup? group = null;
        group = new StreamGroup(report, prefix, connections, chunkMs, (i, s, ct) => takes(group!, i, s, ct), owned, server, ctx.Timeline);
        if (failed > 0)
        {
            group.Feedback.Tally("connect failures", failed);
            Console.Error.WriteLine($"  {report.Name}: {failed} of {count} connections failed: {error}");
        }

        return group;
    }

    /// <summary>One phase: all streams run for <paramref name="warmup"/> unmeasured, then <paramref name="measured"/> (none: a warm-up phase).</summary>
    public async Task RunPhaseAsync(string label, TimeSpan warmup, TimeSpan measured, CancellationToken abort)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(abort);
        var tasks = _streams.Select(s => Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(1000), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            await _takes(s.Index, s.Streamer, stop.Token);
        })).ToList();
        await using (new Progress(label, [Feedback, Takes], () => $"{_streams.Count} streams"))
        {
            try
            {
                await Task.Delay(warmup, abort);
                if (measured <= TimeSpan.Zero)
                {
                    return;
                }

                var before = _server is null ? null : await _server.ReadAsync();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                Window.Start();
                await Task.Delay(measured, abort);
                Window.Stop();
                ToolCpu += Process.GetCurrentProcess().TotalProcessorTime - cpu;
                if (before is not null)
                {
                    _usage.Add(MetricsSnapshot.Usage(before, await _server!.ReadAsync()));
                }
            }
            finally
            {
                Window.Stop();
                await stop.CancelAsync();
                await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    public TimeSpan ToolCpu { get; private set; }

    /// <summary>Adds the measured time, the server's resources over the measured phases and the tool's CPU to the report.</summary>
    public void Finish()
    {
        Report.MeasuredSeconds = Window.Seconds;
        if (_usage.Count > 0)
        {
            double cpu = _usage.Sum(u => u.CpuSeconds);
            Report.Servers.Add(new ServerUsage(_usage[0].Url, Math.Round(cpu, 2), Math.Round(cpu / Math.Max(0.001, Window.Seconds), 2),
                _usage[0].WorkingSetMiBBefore, _usage[^1].WorkingSetMiBAfter, _usage[0].GcHeapMiBBefore, _usage[^1].GcHeapMiBAfter));
        }

        Report.Note("load tool CPU (this process, measured phases)", $"{ToolCpu.TotalSeconds:0.0} s ({ToolCpu.TotalSeconds / Math.Max(0.001, Window.Seconds):0.00} cores)");
        Report.Note("machine load average (1, 5 min) at the end", Machine.LoadAverage());
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_streams.Select(s => s.Connection.DisposeAsync().AsTask()));
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }
}
