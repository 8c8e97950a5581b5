using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.LoadTests.Echo;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// The transport floors, measured on the bare hub this tool hosts: real-time streams that get a small reply per
/// feedback interval, and group broadcasts pushed from a node to watchers spread over one or two nodes (two on a Redis
/// backplane). Same client code, protocol and counts as the VoiceFlow scenarios they are compared with.
/// </summary>
public static class EchoFloor
{
    /// <summary>Streams connected to a bare echo hub hosted here, replying every <c>--feedback-ms</c> of audio like Feedback.</summary>
    public static async Task<StreamGroup> StreamsAsync(RunContext ctx, ScenarioReport report, int streams, SpeechClips clips)
    {
        var options = ctx.Options;
        var nodes = await EchoNodes.StartAsync(1, null);
        var hub = new Uri(nodes.Urls[0], EchoHub.Path);
        var start = new EchoStart(clips.SampleRate, options.FeedbackMs);
        return await StreamGroup.ConnectAsync(ctx, report, "echo floor ", streams, clips.ChunkMs,
            async (_, ct) =>
            {
                var connection = HubClients.Build(hub, options.Protocol, null);
                await connection.StartAsync(ct);
                return connection;
            },
            async (group, i, streamer, stop) =>
            {
                int take = i;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        long started = System.Diagnostics.Stopwatch.GetTimestamp();
                        await streamer.StreamAsync("Stream", start, clips.Takes[take++ % clips.Takes.Count], stop, ctx.Cancellation);
                        group.Takes.RecordSince(started);
                    }
                    catch (Exception e) when (e is HubException or InvalidOperationException or IOException)
                    {
                        group.Takes.Error(e.GetType().Name);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                    }
                }
            },
            nodes);
    }

    /// <summary>Watchers joined to one group over <paramref name="nodeCount"/> nodes; a node pushes <c>--rate</c> broadcasts a second.</summary>
    public static async Task<Metric> BroadcastAsync(RunContext ctx, ScenarioReport report, int watchers, int nodeCount, string? redis, double rate)
    {
        var options = ctx.Options;
        var window = new MeasureWindow();
        var fanout = report.Add(new Metric("floor fan-out (from publish)", window));
        var spread = report.Add(new Metric("floor first watcher to each", window));
        var firstSeen = new System.Collections.Concurrent.ConcurrentDictionary<long, long>();
        await using var nodes = await EchoNodes.StartAsync(nodeCount, redis);
        int seconds = Math.Min(options.Duration, 60);
        const string Group = "watchers";
        long expected = 0;
        var (connections, failed, error) = await HubClients.StartManyAsync(watchers, async (i, ct) =>
        {
            var connection = HubClients.Build(new Uri(nodes.Urls[i % nodes.Urls.Count], EchoHub.Path), options.Protocol, null);
            connection.On<EchoBroadcast>(EchoHub.Broadcast, message =>
            {
                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                fanout.RecordValue((DateTime.UtcNow - message.At).TotalMilliseconds);
                spread.Record(System.Diagnostics.Stopwatch.GetElapsedTime(firstSeen.GetOrAdd(message.Seq, now), now));
            });
            await connection.StartAsync(ct);
            await connection.InvokeAsync("Join", Group, ct);
            return connection;
        }, 64, ctx.Cancellation, n => Console.Error.WriteLine($"  floor: {n}/{watchers} watchers connected"));
        fanout.Tally("connect failures", failed);
        if (error is not null)
        {
            Console.Error.WriteLine($"  floor: {failed} watchers failed to connect: {error}");
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
        var publisher = nodes.Publisher;
        var publishing = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / Math.Max(0.01, rate)));
            long seq = 0;
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    await publisher.Clients.Group(Group).SendAsync(EchoHub.Broadcast, new EchoBroadcast(++seq, DateTime.UtcNow, "running"), stop.Token);
                    if (window.Active)
                    {
                        Interlocked.Add(ref expected, connections.Count);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
        await using (new Progress("floor", [fanout]))
        {
            await ctx.RunWindowAsync(window, report, seconds);
        }

        await stop.CancelAsync();
        await publishing;
        report.Note("floor nodes", $"{nodeCount} bare node(s){(redis is null ? "" : $" on Redis {redis}")}, {connections.Count} watchers, {rate:0.##} broadcasts/s");
        report.Note("floor deliveries", $"{fanout.Count} received of about {expected} sent in the window");
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return fanout;
    }
}
