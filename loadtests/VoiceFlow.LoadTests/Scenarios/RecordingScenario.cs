using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// N contributors stream generated speech to <c>/hubs/recording</c> in real time, take after take, each on its own
/// connection and prompt. Feedback latency runs from a chunk handed to the client to the Feedback that reports on it.
/// The echo floor (the same streams on a bare hub this tool hosts) runs in the same invocation, interleaved with the
/// hub in phases of about ten seconds so both meet the same machine. With <c>--steps</c> the scenario instead finds
/// the largest stream count whose p99 stays under <c>--target-p99</c>.
/// </summary>
public static class RecordingScenario
{
    private const string Path = "/hubs/recording";
    private const int PhaseSeconds = 10;

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
        var floorReport = options.NoFloor ? null : ctx.NewReport("recording floor (bare echo hub)", streams);
        var report = ctx.NewReport("recording", streams);
        var contributors = await ContributorsAsync(ctx, streams);
        await using var floor = floorReport is null ? null : await EchoFloor.StreamsAsync(ctx, floorReport, streams, clips);
        await using var hub = await ConnectAsync(ctx, report, contributors, clips);

        // Interleaved phases: floor, hub, floor, hub, ... each with a short unmeasured start.
        int rounds = Math.Max(1, options.Duration / PhaseSeconds);
        var phase = TimeSpan.FromSeconds((double)options.Duration / rounds);
        var warmup = TimeSpan.FromSeconds(Math.Clamp(options.Warmup, 2, 5));
        // A first round is not measured: the floor's first phase would measure this tool's own JIT and a cold echo hub,
        // the hub's first phase a server that has not yet run every path of a take.
        if (floor is not null)
        {
            await floor.RunPhaseAsync("floor warm-up", warmup + phase, TimeSpan.Zero, ctx.Cancellation);
        }

        await hub.RunPhaseAsync("recording warm-up", warmup + phase, TimeSpan.Zero, ctx.Cancellation);
        for (int round = 1; round <= rounds; round++)
        {
            if (floor is not null)
            {
                await floor.RunPhaseAsync($"floor {round}/{rounds}", warmup, phase, ctx.Cancellation);
            }

            await hub.RunPhaseAsync($"recording {round}/{rounds}", warmup, phase, ctx.Cancellation);
        }

        hub.Finish();
        report.Note("streams", $"{hub.Count} connected, {clips.SampleRate} Hz, {clips.ChunkMs} ms chunks, Feedback every {options.FeedbackMs} ms");
        if (floor is not null)
        {
            floor.Finish();
            report.Note("phases", $"{rounds} x ({phase.TotalSeconds:0.#} s floor + {phase.TotalSeconds:0.#} s hub), each after {warmup.TotalSeconds:0} s unmeasured, after an unmeasured round of both");
            if (floor.Feedback.Count > 0 && hub.Feedback.Count > 0)
            {
                double ratio = hub.Feedback.Percentile(99) / floor.Feedback.Percentile(99);
                report.Note("p99 / echo floor p99", ratio, "0.00");
                report.Note("target p99 <= 2x floor", ratio <= 2 ? "met" : "missed");
                report.Note("echo floor p50 / p99 ms", $"{floor.Feedback.Percentile(50):0.0} / {floor.Feedback.Percentile(99):0.0}");
            }
        }
    }

    /// <summary>The hub part alone (for the mixed scenario): <paramref name="streams"/> contributors streaming takes.</summary>
    public static async Task RunHubAsync(RunContext ctx, int streams, string name)
    {
        var options = ctx.Options;
        var clips = await SpeechClips.CreateAsync(options.SampleRate, options.ChunkMs, options.FeedbackMs);
        var contributors = await ContributorsAsync(ctx, streams);
        await using var hub = await ConnectAsync(ctx, ctx.NewReport(name, streams), contributors, clips);
        await hub.RunPhaseAsync(name, TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Duration), ctx.Cancellation);
        hub.Finish();
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
            double p99;
            long errors;
            await using (var hub = await ConnectAsync(ctx, report, contributors.Take(step).ToList(), clips))
            {
                await hub.RunPhaseAsync($"recording @{step}", TimeSpan.FromSeconds(options.Warmup), TimeSpan.FromSeconds(options.Duration), ctx.Cancellation);
                hub.Finish();
                p99 = hub.Feedback.Percentile(99);
                errors = hub.Feedback.Errors + hub.Takes.Errors;
            }

            ConsoleReport.Print(report, Console.Out);
            summary.Note($"p99 at {step,5} streams", $"{p99:0.0} ms{(errors > 0 ? $" ({errors} errors)" : "")}");
            if (double.IsNaN(p99) || p99 >= options.TargetP99Ms || errors > 0)
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
            ? [await pool.GivenAsync(AccountKind.Contributor, options.Email, options.Password ?? "", ctx.Cancellation)]
            : await pool.GetAsync(AccountKind.Contributor, count, ctx.Cancellation);
        if (accounts.Count < count)
        {
            throw new ProvisioningException("One contributor records one take at a time: with --email, use --streams 1.");
        }

        return accounts.Select(a => (a, new Queue<(Guid, int)>())).ToList();
    }

    /// <summary>One connection per contributor; each streams takes of the shared clips on its next prompts.</summary>
    private static Task<StreamGroup> ConnectAsync(
        RunContext ctx, ScenarioReport report, List<(CachedAccount Account, Queue<(Guid Id, int Target)> Prompts)> contributors, SpeechClips clips)
    {
        var options = ctx.Options;
        var server = options.Url;
        int perInterval = Math.Max(1, options.FeedbackMs / clips.ChunkMs);
        return StreamGroup.ConnectAsync(ctx, report, "", contributors.Count, clips.ChunkMs,
            async (i, ct) =>
            {
                var connection = HubClients.Build(new Uri(server, Path), options.Protocol, contributors[i].Account.AccessToken);
                await connection.StartAsync(ct);
                return connection;
            },
            async (group, i, streamer, stop) =>
            {
                var (account, prompts) = contributors[i];
                int next = i;
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        if (prompts.Count == 0)
                        {
                            await RefillAsync(ctx, server, account, prompts, stop);
                        }

                        var (promptId, target) = prompts.Dequeue();
                        var chunks = clips.Takes[next++ % clips.Takes.Count];
                        // A take may last twice the prompt's target plus 3 s: keep a second clear of it.
                        int most = ((2 * target) + 2) * 1000 / clips.ChunkMs / perInterval * perInterval;
                        if (chunks.Length > most)
                        {
                            chunks = chunks[..most];
                        }

                        long started = System.Diagnostics.Stopwatch.GetTimestamp();
                        await streamer.StreamAsync("Record", new RecordStart(promptId, clips.SampleRate, "pcm_s16le"), chunks, stop, ctx.Cancellation);
                        group.Takes.RecordSince(started);
                    }
                    catch (NoPromptsLeftException)
                    {
                        // Every run records takes: cached contributors eventually have read every prompt. Such a stream
                        // sits the rest of the phase out: asking again would only load the server with prompt queries.
                        group.Takes.Error("no prompts left (start with a new --accounts file)");
                        await Task.Delay(Timeout.Infinite, stop).ContinueWith(_ => { }, TaskScheduler.Default);
                    }
                    catch (HubException e)
                    {
                        group.Takes.Error(ErrorCode(e.Message));
                        await Task.Delay(200, ctx.Cancellation);
                    }
                    catch (Exception e) when (e is HttpRequestException or InvalidOperationException or IOException or JsonException or ProvisioningException)
                    {
                        group.Takes.Error(e.GetType().Name);
                        await Task.Delay(500, ctx.Cancellation);
                    }
                    catch (OperationCanceledException) when (stop.IsCancellationRequested)
                    {
                    }
                }
            },
            server: new ServerWatch(ctx.Http, [server]));
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
            throw new NoPromptsLeftException();
        }
    }

    private sealed class NoPromptsLeftException : Exception;

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
