using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// M concurrent <c>Synthesize</c> streams on <c>/hubs/tts</c>, each on its own connection, request after request:
/// time to first audio (client side, and the server's own histogram from /metrics), gaps between chunks, and audio
/// seconds delivered per second. Streams are spread over API keys within each plan's concurrent-stream limit.
/// </summary>
public static class TtsScenario
{
    private const string Path = "/hubs/tts";
    public const string DefaultText =
        "The quick brown fox jumps over the lazy dog while seven bright stars shine above the quiet harbour town tonight.";

    public static async Task RunAsync(RunContext ctx) => await RunAsync(ctx, ctx.Options.Streams ?? 50, ctx.Options.Paced ? "tts (paced like listeners)" : "tts");

    public static async Task<ScenarioReport> RunAsync(RunContext ctx, int streams, string name, Task? window = null)
    {
        var options = ctx.Options;
        var server = options.Url;
        var report = ctx.NewReport(name, streams);
        var keys = await KeysAsync(ctx, streams);
        var measure = new MeasureWindow();
        var firstAudio = report.Add(new Metric("time to first audio", measure));
        var gaps = report.Add(new Metric("gap between chunks", measure));
        var requests = report.Add(new Metric("request (to final chunk)", measure));
        double bytesPerSecond = BytesPerSecond(options.Format);
        long audioBytes = 0;

        var (connections, failed, error) = await HubClients.StartManyAsync(streams, async (i, ct) =>
        {
            var connection = HubClients.Build(new Uri(server, Path), options.Protocol, keys[i]);
            await connection.StartAsync(ct);
            return connection;
        }, 32, ctx.Cancellation);
        if (failed > 0)
        {
            requests.Tally("connect failures", failed);
            Console.Error.WriteLine($"  tts: {failed} connections failed: {error}");
        }

        var watch = new ServerWatch(ctx.Http, [server]);
        await watch.StartAsync();
        var request = new TtsRequest(options.Text ?? DefaultText, options.Voice, options.Format);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
        var tasks = connections.Select(connection => Task.Run(async () =>
        {
            await Task.Delay(Random.Shared.Next(options.Paced ? 6000 : 200), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            while (!stop.IsCancellationRequested)
            {
                long started = Stopwatch.GetTimestamp(), last = 0, bytes = 0;
                bool measured = measure.Active;
                try
                {
                    await foreach (var chunk in connection.StreamAsync<TtsChunk>("Synthesize", request, stop.Token))
                    {
                        long now = Stopwatch.GetTimestamp();
                        if (last == 0)
                        {
                            firstAudio.Record(Stopwatch.GetElapsedTime(started, now));
                        }
                        else
                        {
                            gaps.Record(Stopwatch.GetElapsedTime(last, now));
                        }

                        last = now;
                        bytes += chunk.Audio.Length;
                        if (measured && measure.Active)
                        {
                            Interlocked.Add(ref audioBytes, chunk.Audio.Length);
                        }
                    }

                    requests.RecordSince(started);
                    if (options.Paced)
                    {
                        // A listener asks for the next sentence when this one has played.
                        var playing = TimeSpan.FromSeconds(bytes / bytesPerSecond) - Stopwatch.GetElapsedTime(started);
                        if (playing > TimeSpan.Zero)
                        {
                            await Task.Delay(playing, stop.Token);
                        }
                    }
                }
                catch (HubException e)
                {
                    requests.Error(RecordingScenario.ErrorCode(e.Message));
                    await Task.Delay(100, ctx.Cancellation);
                }
                catch (OperationCanceledException) when (stop.IsCancellationRequested)
                {
                }
                catch (Exception e) when (e is InvalidOperationException or IOException)
                {
                    requests.Error(e.GetType().Name);
                    await Task.Delay(500, ctx.Cancellation);
                }
            }
        })).ToList();
        await using (new Progress(name, [firstAudio, requests], () => $"{audioBytes / bytesPerSecond / Math.Max(1, measure.Seconds):0} s audio/s"))
        {
            if (window is null)
            {
                await ctx.RunWindowAsync(measure, report);
            }
            else
            {
                measure.Start();
                await window;
                measure.Stop();
                report.MeasuredSeconds = measure.Seconds;
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(30)).ContinueWith(_ => { }, TaskScheduler.Default);
        var after = await watch.StopAsync(report);
        double audioSeconds = audioBytes / bytesPerSecond;
        report.Note("audio seconds per second (x real time)", audioSeconds / Math.Max(0.001, report.MeasuredSeconds), "0.0");
        report.Note("request", $"{request.Text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length} words, voice {request.Voice}, {request.Format}, {keys.Distinct().Count()} API keys, "
            + (options.Paced ? "paced: next request when the audio has played" : "back to back"));
        if (watch.Before.Count > 0 && watch.Before[0].Available && after[0].Available)
        {
            const string Histogram = "voiceflow_tts_time_to_first_audio_seconds";
            var (count, p50) = MetricsSnapshot.HistogramQuantile(watch.Before[0], after[0], Histogram, "espeak-ng", 0.50);
            var (_, p99) = MetricsSnapshot.HistogramQuantile(watch.Before[0], after[0], Histogram, "espeak-ng", 0.99);
            var buckets = Fractions(watch.Before[0], after[0], Histogram);
            report.Note("server time to first audio (from /metrics, bucket-interpolated)",
                $"{count:0} streams, p50 {p50 * 1000:0.0} ms, p99 {p99 * 1000:0.0} ms; {buckets}");
        }

        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return report;
    }

    private static string Fractions(MetricsSnapshot before, MetricsSnapshot after, string histogram)
    {
        var a = before.Buckets(histogram, "espeak-ng");
        var b = after.Buckets(histogram, "espeak-ng");
        double total = b.GetValueOrDefault(double.PositiveInfinity) - a.GetValueOrDefault(double.PositiveInfinity);
        if (total <= 0)
        {
            return "";
        }

        return string.Join(", ", b.Keys.Where(k => k is 0.01 or 0.025 or 0.05 or 0.1)
            .Select(k => $"{100 * (b[k] - a.GetValueOrDefault(k)) / total:0.0}% <= {k * 1000:0} ms"));
    }

    private static double BytesPerSecond(string format) => format switch
    {
        "pcm_16000" => 32_000,
        "pcm_22050" => 44_100,
        "ulaw_8000" => 8_000,
        _ => 48_000, // pcm_24000 and wav (24 kHz); the 44-byte header of wav is noise here
    };

    /// <summary>One API key per stream slot: given keys, or keys of provisioned accounts within their plan's stream limit.</summary>
    private static async Task<List<string>> KeysAsync(RunContext ctx, int streams)
    {
        var options = ctx.Options;
        if (options.ApiKeys.Count > 0)
        {
            return [.. Enumerable.Range(0, streams).Select(i => options.ApiKeys[i % options.ApiKeys.Count])];
        }

        var pool = await ctx.AccountsAsync();
        List<CachedAccount> accounts;
        int perKey;
        if (options.Email is not null)
        {
            var given = await pool.GivenAsync(AccountKind.User, options.Email, options.Password ?? "", ctx.Cancellation);
            perKey = options.StreamsPerKey > 0 ? options.StreamsPerKey : StreamsPerKey(given.Plan);
            // One account: several keys of its team (each key has its own stream limit).
            var keys = await pool.KeysAsync(given, (streams + perKey - 1) / perKey, ctx.Cancellation);
            return [.. Enumerable.Range(0, streams).Select(i => keys[i / perKey])];
        }
        else
        {
            perKey = options.StreamsPerKey > 0 ? options.StreamsPerKey : StreamsPerKey("free");
            accounts = await pool.GetAsync(AccountKind.User, (streams + perKey - 1) / perKey, ctx.Cancellation);
            perKey = options.StreamsPerKey > 0 ? options.StreamsPerKey : accounts.Min(a => StreamsPerKey(a.Plan));
        }

        var result = new List<string>();
        foreach (var account in accounts)
        {
            var key = await pool.KeyAsync(account, ctx.Cancellation);
            for (int s = 0; s < perKey && result.Count < streams; s++)
            {
                result.Add(key);
            }
        }

        return result;
    }

    private static int StreamsPerKey(string? plan) => plan switch
    {
        "enterprise" => 50,
        "pro" => 10,
        _ => 2,
    };
}
