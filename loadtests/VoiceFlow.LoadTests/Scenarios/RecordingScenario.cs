using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// N contributors stream generated speech to <c>/hubs/recording</c> in real time, take after take, each on its own
/// connection and prompt. Feedback latency runs from a chunk handed to the client to the Feedback that reports on it.
/// The echo floor with the same streams runs first in the same invocation; with <c>--steps</c> the scenario instead
/// finds the largest stream count whose p99 stays under <c>--target-p99</c>.
/// </summary>
public static class RecordingScenario
{
    private const string Path = "/hubs/recording";

    public static async Task RunAsync(RunContext ctx)
    {
        var options = ctx.Options;
        var clips = await SpeechClips.CreateAsync(options.SampleRate, options.ChunkMs, options.FeedbackMs);
        Console.Error.WriteLine($"  {clips.Takes.Count} takes of {clips.SecondsPerTake:0.0} s at {clips.SampleRate} Hz in {clips.ChunkMs} ms chunks");
        if (options.Steps.Count > 0)
        {
            await CapacityAsync(ctx, clips);
            return;
        }

        int streams = options.Streams ?? 200;
        var report = ctx.NewReport("recording", streams);
        Metric? floor = null;
        if (!options.NoFloor)
        {
            Console.Error.WriteLine($"  echo floor: {streams} streams on the bare hub");
            var floorReport = ctx.NewReport("recording floor (bare echo hub)", streams);
            floor = await EchoFloor.StreamsAsync(ctx, floorReport, streams, clips);
            ConsoleReport.Print(floorReport, Console.Out);
        }

        var contributors = await ContributorsAsync(ctx, streams);
        var feedback = await StreamAsync(ctx, report, contributors, clips);
        if (floor is { Count: > 0 } && feedback.Count > 0)
        {
            double ratio = feedback.Percentile(99) / floor.Percentile(99);
            report.Note("p99 / echo floor p99", ratio, "0.00");
            report.Note("target p99 <= 2x floor", ratio <= 2 ? "met" : "missed");
            report.Note("echo floor p50 / p99 ms", $"{floor.Percentile(50):0.0} / {floor.Percentile(99):0.0}");
        }
    }

    /// <summary>The hub part alone (for the mixed scenario): <paramref name="streams"/> contributors streaming takes.</summary>
    public static async Task RunHubAsync(RunContext ctx, int streams, string name)
    {
        var options = ctx.Options;
        var clips = await SpeechClips.CreateAsync(options.SampleRate, options.ChunkMs, options.FeedbackMs);
        var contributors = await ContributorsAsync(ctx, streams);
        await StreamAsync(ctx, ctx.NewReport(name, streams), contributors, clips);
    }

    private static async Task CapacityAsync(RunContext ctx, SpeechClips clips)
    {
        var options = ctx.Options;
        var contributors = await ContributorsAsync(ctx, options.Steps.Max());
        var summary = ctx.NewReport("recording capacity", options.Steps.Max());
        int? best = null;
        foreach (int step in options.Steps.Order())
        {
            var report = ctx.NewReport($"recording @{step}", step);
            var feedback = await StreamAsync(ctx, report, contributors.Take(step).ToList(), clips);
            ConsoleReport.Print(report, Console.Out);
            double p99 = feedback.Percentile(99);
            summary.Note($"p99 at {step,5} streams", $"{p99:0.0} ms{(feedback.Errors > 0 ? $" ({feedback.Errors} errors)" : "")}");
            if (double.IsNaN(p99) || p99 >= options.TargetP99Ms || feedback.Errors > 0)
            {
                break;
            }

            best = step;
        }

        summary.Note($"largest count with p99 < {options.TargetP99Ms:0} ms", best?.ToString(CultureInfo.InvariantCulture) ?? "none of the steps");
    }

    private static async Task<List<(CachedAccount Account, Queue<(Guid Id, int Target)> Prompts)>> ContributorsAsync(RunContext ctx, int count)
    {
        var pool = await ctx.AccountsAsync();
        var options = ctx.Options;
        var accounts = options.Email is not null
            ? Enumerable.Repeat(await pool.GivenAsync(AccountKind.Contributor, options.Email, options.Password ?? "", ctx.Cancellation), 1).ToList()
            : await pool.GetAsync(AccountKind.Contributor, count, ctx.Cancellation);
        if (accounts.Count < count)
        {
            throw new ProvisioningException("One contributor records one take at a time: with --email, use --streams 1.");
        }

        return accounts.Select(a => (a, new Queue<(Guid, int)>())).ToList();
    }

    /// <summary>Streams takes from every contributor for warm-up plus the measured window; returns the Feedback row.</summary>
    private static async Task<Metric> StreamAsync(
        RunContext ctx, ScenarioReport report, List<(CachedAccount Account, Queue<(Guid Id, int Target)> Prompts)> contributors, SpeechClips clips)
    {
        var options = ctx.Options;
        var server = options.Url;
        var window = new MeasureWindow();
        var feedback = report.Add(new Metric("feedback", window));
        var lag = report.Add(new Metric("send lag", window));
        var takes = report.Add(new Metric("take (stream to result)", window));
        var watch = new ServerWatch(ctx.Http, [server]);
        var (connections, failed, error) = await HubClients.StartManyAsync(contributors.Count, async (i, ct) =>
        {
            var connection = HubClients.Build(new Uri(server, Path), options.Protocol, contributors[i].Account.AccessToken);
            await connection.StartAsync(ct);
            return (Index: i, Connection: connection);
        }, 32, ctx.Cancellation);
        if (failed > 0)
        {
            feedback.Tally("connect failures", failed);
            Console.Error.WriteLine($"  recording: {failed} connections failed: {error}");
        }

        await watch.StartAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
        long audioChunks = 0;
        var tasks = connections.Select(c => Task.Run(async () =>
        {
            var (account, prompts) = contributors[c.Index];
            var streamer = new RealtimeStreamer(c.Connection, clips.ChunkMs, feedback, lag);
            await Task.Delay(Random.Shared.Next(1000), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            int next = c.Index;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    if (prompts.Count == 0)
                    {
                        await RefillAsync(ctx, server, account, prompts, stop.Token);
                    }

                    var (promptId, target) = prompts.Dequeue();
                    var chunks = clips.Takes[next++ % clips.Takes.Count];
                    // A take may last twice the prompt's target plus 3 s: keep a second clear of it.
                    int most = ((2 * target) + 2) * 1000 / clips.ChunkMs;
                    if (chunks.Length > most)
                    {
                        chunks = chunks[..(most / (options.FeedbackMs / clips.ChunkMs) * (options.FeedbackMs / clips.ChunkMs))];
                    }

                    long started = System.Diagnostics.Stopwatch.GetTimestamp();
                    await streamer.StreamAsync("Record", new RecordStart(promptId, clips.SampleRate, "pcm_s16le"), chunks, stop.Token, ctx.Cancellation);
                    takes.RecordSince(started);
                    Interlocked.Add(ref audioChunks, chunks.Length);
                }
                catch (HubException e)
                {
                    takes.Error(ErrorCode(e.Message));
                    await Task.Delay(200, ctx.Cancellation);
                }
                catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException or JsonException or ProvisioningException)
                {
                    takes.Error(e.GetType().Name);
                    await Task.Delay(500, ctx.Cancellation);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
            }
        })).ToList();
        await using (new Progress("recording", [feedback, takes], () => $"{connections.Count} streams"))
        {
            await ctx.RunWindowAsync(window, report);
        }

        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        await watch.StopAsync(report);
        report.Note("streams", $"{connections.Count} connected, {clips.SampleRate} Hz, {clips.ChunkMs} ms chunks, Feedback every {options.FeedbackMs} ms");
        await Task.WhenAll(connections.Select(c => c.Connection.DisposeAsync().AsTask()));
        return feedback;
    }

    private static async Task RefillAsync(RunContext ctx, Uri server, CachedAccount account, Queue<(Guid, int)> prompts, CancellationToken cancellationToken)
    {
        using var response = await ctx.Http.SendAsync(Api.Request(HttpMethod.Get, server, "/api/contributors/prompts?count=20", account.AccessToken), cancellationToken);
        await Api.EnsureSuccessAsync(response, "GET /api/contributors/prompts");
        foreach (var prompt in await response.Content.ReadFromJsonAsync<JsonElement[]>(Api.Json, cancellationToken) ?? [])
        {
            prompts.Enqueue((prompt.GetProperty("id").GetGuid(), prompt.GetProperty("targetDurationSeconds").GetInt32()));
        }

        if (prompts.Count == 0)
        {
            throw new InvalidOperationException($"{account.Email} has no prompts left to record.");
        }
    }

    /// <summary>The stable code of a hub error ("... HubException: conflict: ..." -> "conflict").</summary>
    public static string ErrorCode(string message)
    {
        const string Marker = "HubException: ";
        int at = message.IndexOf(Marker, StringComparison.Ordinal);
        var rest = at >= 0 ? message[(at + Marker.Length)..] : message;
        int colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && colon < 40 ? rest[..colon] : "hub error";
    }
}
