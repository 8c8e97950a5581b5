using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using VoiceFlow.Audio.Wav;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// Takes arrive at <c>--rate</c> per minute (default 100) from <c>--streams</c> contributors (default 10) through the
/// upload path, and each is followed until the contributor sees its decision: the time from upload to decision is
/// what the quality pipeline's target speaks of (95% within 5 minutes at 100 takes per minute). Uploads run for
/// <c>--duration</c> seconds; then the run waits up to five minutes for the last decisions.
/// </summary>
public static partial class QualityScenario
{
    private static readonly TimeSpan DecisionDeadline = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(250);

    public static async Task RunAsync(RunContext ctx)
    {
        var options = ctx.Options;
        var server = options.Url;
        double perMinute = options.Rate ?? 100;
        var pool = await ctx.AccountsAsync();
        var contributors = options.Email is not null
            ? [await pool.GivenAsync(AccountKind.Contributor, options.Email, options.Password ?? "", ctx.Cancellation)]
            : await pool.GetAsync(AccountKind.Contributor, options.Streams ?? 10, ctx.Cancellation);
        var prompts = await Task.WhenAll(contributors.Select(c => PromptAsync(ctx, server, c)));
        var takes = await WavTakesAsync();

        var report = ctx.NewReport("quality", contributors.Count);
        var window = new MeasureWindow();
        var upload = report.Add(new Metric("upload (POST recordings)", window));
        var decision = report.Add(new Metric("upload to decision", window));
        var analysisBefore = await AnalysisSecondsAsync(ctx, server);
        int total = (int)Math.Max(1, Math.Round(perMinute * options.Duration / 60));
        var interval = TimeSpan.FromMinutes(1 / perMinute);
        Console.Error.WriteLine($"  {total} takes of {takes.Average(t => t.Seconds):0.0} s, one every {interval.TotalMilliseconds:0} ms");

        window.Start();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        var inFlight = new List<Task>();
        for (int i = 0; i < total && !ctx.Cancellation.IsCancellationRequested; i++)
        {
            int who = i % contributors.Count;
            var take = takes[i % takes.Count];
            inFlight.Add(FollowAsync(ctx, server, contributors[who], prompts[who], take.Wav, upload, decision));
            var next = interval * (i + 1) - Stopwatch.GetElapsedTime(started);
            if (next > TimeSpan.Zero)
            {
                await Task.Delay(next, ctx.Cancellation);
            }

            if (i % 20 == 19)
            {
                Console.Error.WriteLine($"  [quality {Stopwatch.GetElapsedTime(started).TotalSeconds:0}s] uploaded {i + 1}/{total}, decided {decision.Count}, p95 {decision.Percentile(95):0} ms");
            }
        }

        await Task.WhenAll(inFlight);
        window.Stop();
        report.MeasuredSeconds = window.Seconds;

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;
        var analysisAfter = await AnalysisSecondsAsync(ctx, server);
        report.Note("takes", $"{total} at {perMinute:0.#} per minute by {contributors.Count} contributors, {takes.Average(t => t.Seconds):0.0} s each, uploaded as 16 kHz WAV");
        report.Note("decided within 5 minutes", $"{(double)decision.Count / total:P1} ({decision.Count} of {total})");
        report.Note("target 95% within 5 min", decision.Count >= 0.95 * total && decision.Percentile(95) <= DecisionDeadline.TotalMilliseconds ? "met" : "missed");
        if (analysisBefore is { } before && analysisAfter is { } after && after.Count > before.Count)
        {
            report.Note("server analysis time per take (mean, from /metrics)", $"{(after.Sum - before.Sum) / (after.Count - before.Count) * 1000:0.0} ms");
        }

        report.Note("load tool CPU (this process)", $"{cpu:0.0} s");
    }

    private static async Task FollowAsync(
        RunContext ctx, Uri server, CachedAccount contributor, Guid promptId, byte[] wav, Metric upload, Metric decision)
    {
        long started = Stopwatch.GetTimestamp();
        Guid id;
        try
        {
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(wav);
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "audio", "take.wav");
            form.Add(new StringContent(promptId.ToString()), "promptId");
            using var request = Api.Request(HttpMethod.Post, server, "/api/contributors/recordings", contributor.AccessToken);
            request.Content = form;
            using var response = await ctx.Http.SendAsync(request, ctx.Cancellation);
            if (!response.IsSuccessStatusCode)
            {
                upload.Error(((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
                return;
            }

            upload.RecordSince(started);
            id = (await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json, ctx.Cancellation)).GetProperty("id").GetGuid();
        }
        catch (HttpRequestException e)
        {
            upload.Error(e.GetType().Name);
            return;
        }

        while (Stopwatch.GetElapsedTime(started) < DecisionDeadline)
        {
            await Task.Delay(PollEvery, ctx.Cancellation);
            try
            {
                using var response = await ctx.Http.SendAsync(
                    Api.Request(HttpMethod.Get, server, $"/api/contributors/recordings/{id}", contributor.AccessToken), ctx.Cancellation);
                if (!response.IsSuccessStatusCode)
                {
                    continue;
                }

                var status = (await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json, ctx.Cancellation)).GetProperty("status").GetString();
                if (status != "pending")
                {
                    decision.RecordSince(started);
                    decision.Tally(status ?? "?");
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
        }

        decision.Error("undecided after 5 min");
    }

    /// <summary>A prompt for the contributor (one prompt may take any number of uploaded takes).</summary>
    private static async Task<Guid> PromptAsync(RunContext ctx, Uri server, CachedAccount contributor)
    {
        using var response = await ctx.Http.SendAsync(
            Api.Request(HttpMethod.Get, server, "/api/contributors/prompts?count=1", contributor.AccessToken), ctx.Cancellation);
        await Api.EnsureSuccessAsync(response, "GET /api/contributors/prompts");
        var prompts = await response.Content.ReadFromJsonAsync<JsonElement[]>(Api.Json, ctx.Cancellation) ?? [];
        return prompts.Length > 0
            ? prompts[0].GetProperty("id").GetGuid()
            : throw new ProvisioningException($"{contributor.Email} has no prompts left to record.");
    }

    private static async Task<List<(byte[] Wav, double Seconds)>> WavTakesAsync()
    {
        var clips = await SpeechClips.CreateAsync(16_000, 20, 100);
        return clips.Takes.Select(chunks =>
        {
            using var stream = new MemoryStream();
            using (var writer = new WavWriter(stream, 16_000, leaveOpen: true))
            {
                foreach (var chunk in chunks)
                {
                    writer.Write(chunk.AsSpan());
                }

                writer.Complete();
            }

            return (stream.ToArray(), chunks.Length * 0.02);
        }).ToList();
    }

    /// <summary>The server's analysis-duration histogram sum and count, or null when /metrics does not answer.</summary>
    private static async Task<(double Sum, double Count)?> AnalysisSecondsAsync(RunContext ctx, Uri server)
    {
        try
        {
            var text = await ctx.Http.GetStringAsync(new Uri(server, "/metrics"), ctx.Cancellation);
            var sum = AnalysisSum().Match(text);
            var count = AnalysisCount().Match(text);
            return sum.Success && count.Success
                ? (double.Parse(sum.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(count.Groups[1].Value, CultureInfo.InvariantCulture))
                : (0, 0);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^voiceflow_analysis_duration_seconds_sum (\S+)$", RegexOptions.Multiline)]
    private static partial Regex AnalysisSum();

    [GeneratedRegex(@"^voiceflow_analysis_duration_seconds_count (\S+)$", RegexOptions.Multiline)]
    private static partial Regex AnalysisCount();
}
