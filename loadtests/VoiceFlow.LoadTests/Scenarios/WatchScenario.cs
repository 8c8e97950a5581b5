using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// K console users watch their team's deployments on <c>/hubs/deployments</c>, connected round-robin to every
/// <c>--url</c> (nodes sharing Redis), while a driver starts and stops deployments through REST. Fan-out latency runs
/// from a change's <c>at</c> (when the node applied it) to each watcher's receipt; both are this machine's clock.
/// With <c>--redis</c> the bare group-broadcast floor on the same backplane runs first with the same watchers.
/// </summary>
public static class WatchScenario
{
    private const string Path = "/hubs/deployments";

    public static async Task RunAsync(RunContext ctx)
    {
        var options = ctx.Options;
        int watchers = options.Streams ?? 1000;
        Metric? floor = null;
        if (!options.NoFloor)
        {
            int nodes = options.Redis is null ? 1 : 2;
            Console.Error.WriteLine($"  floor: {watchers} watchers on {nodes} bare node(s){(options.Redis is null ? " (no --redis: no backplane)" : $" on Redis {options.Redis}")}");
            var floorReport = ctx.NewReport("watch floor (bare hub group broadcast)", watchers);
            // A start/stop cycle pushes about four group messages a second to the team (transitions and the worker's
            // log lines), so the floor pushes as many unless --rate says otherwise.
            floor = await EchoFloor.BroadcastAsync(ctx, floorReport, watchers, nodes, options.Redis, options.Rate ?? 4);
            ConsoleReport.Print(floorReport, Console.Out);
        }

        var report = ctx.NewReport("watch", watchers);
        var fanout = await RunAsync(ctx, report, watchers, drive: true, window: null);
        if (floor is { Count: > 0 } && fanout.Count > 0)
        {
            double ratio = fanout.Percentile(99) / floor.Percentile(99);
            report.Note("p99 / floor p99", ratio, "0.00");
            report.Note("target p99 <= 1.25x floor", ratio <= 1.25 ? "met" : "missed");
            report.Note("floor p50 / p99 ms", $"{floor.Percentile(50):0.0} / {floor.Percentile(99):0.0}");
        }
    }

    /// <summary>Connects the watchers, then drives deployment changes (or, in the mixed scenario, just waits for <paramref name="window"/>).</summary>
    public static async Task<Metric> RunAsync(RunContext ctx, ScenarioReport report, int watchers, bool drive, Task? window)
    {
        var options = ctx.Options;
        var measure = new MeasureWindow();
        var fanout = report.Add(new Metric("change fan-out (from its at)", measure));
        var first = report.Add(new Metric("change to first watcher", measure));
        var spread = report.Add(new Metric("first watcher to each watcher", measure));
        var logs = report.Add(new Metric("log line fan-out", measure));
        var driver = report.Add(new Metric("driver REST call", measure));
        var pool = await ctx.AccountsAsync();
        var account = options.Email is not null
            ? await pool.GivenAsync(AccountKind.User, options.Email, options.Password ?? "", ctx.Cancellation)
            : (await pool.GetAsync(AccountKind.User, 1, ctx.Cancellation))[0];
        // The server names itself as token issuer after the host it was reached on, so nodes on different ports (unlike
        // nodes behind one public host name) do not take each other's tokens: log in on each node.
        var tokens = new List<string>();
        foreach (var url in options.Urls)
        {
            tokens.Add(url == options.Url ? account.AccessToken! : await LoginAsync(ctx, url, account));
        }

        var seen = new ConcurrentDictionary<(Guid, string), int>();
        var firstSeen = new ConcurrentDictionary<(Guid, string), long>();
        var statuses = new ConcurrentDictionary<Guid, string>();
        var (connections, failed, error) = await HubClients.StartManyAsync(watchers, async (i, ct) =>
        {
            var connection = HubClients.Build(new Uri(options.Urls[i % options.Urls.Count], Path), options.Protocol, tokens[i % options.Urls.Count]);
            connection.On<DeploymentChanged>("DeploymentChanged", change =>
            {
                long now = System.Diagnostics.Stopwatch.GetTimestamp();
                double sinceChange = (DateTime.UtcNow - change.At.ToUniversalTime()).TotalMilliseconds;
                fanout.RecordValue(sinceChange);
                long firstAt = firstSeen.GetOrAdd((change.Id, change.Status), now);
                if (firstAt == now)
                {
                    first.RecordValue(sinceChange);
                }

                spread.Record(System.Diagnostics.Stopwatch.GetElapsedTime(firstAt, now));
                seen.AddOrUpdate((change.Id, change.Status), 1, (_, n) => n + 1);
                statuses[change.Id] = change.Status;
            });
            connection.On<DeploymentLog>("DeploymentLog", line => logs.RecordValue((DateTime.UtcNow - line.At.ToUniversalTime()).TotalMilliseconds));
            await connection.StartAsync(ct);
            await connection.InvokeAsync<List<DeploymentStatus>>("Watch", ct);
            return connection;
        }, 64, ctx.Cancellation, n => Console.Error.WriteLine($"  watch: {n}/{watchers} watchers connected"));
        if (failed > 0)
        {
            fanout.Tally("connect failures", failed);
            Console.Error.WriteLine($"  watch: {failed} watchers failed to connect: {error}");
        }

        var watch = new ServerWatch(ctx.Http, options.Urls);
        await watch.StartAsync();
        int transitions = 0;
        await using (new Progress("watch", [fanout, logs], () => $"{connections.Count} watchers"))
        {
            if (!drive)
            {
                measure.Start();
                await (window ?? Task.CompletedTask);
            }
            else
            {
                await Task.Delay(TimeSpan.FromSeconds(Math.Min(options.Warmup, 5)), ctx.Cancellation);
                measure.Start();
                using var bound = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
                bound.CancelAfter(TimeSpan.FromSeconds(options.Duration));
                try
                {
                    for (int cycle = 0; cycle < options.Changes && !bound.IsCancellationRequested; cycle++)
                    {
                        transitions += await CycleAsync(ctx, account, statuses, driver, bound.Token);
                    }
                }
                catch (OperationCanceledException) when (!ctx.Cancellation.IsCancellationRequested)
                {
                    Console.Error.WriteLine($"  watch: stopped driving after --duration {options.Duration} s");
                }

                await Task.Delay(TimeSpan.FromSeconds(3), ctx.Cancellation); // let the last change reach everyone
            }

            measure.Stop();
            report.MeasuredSeconds = measure.Seconds;
        }

        await watch.StopAsync(report);
        long expected = (long)seen.Count * connections.Count;
        long received = seen.Values.Sum();
        report.Note("watchers", $"{connections.Count} on {string.Join(", ", options.Urls)} (one account, its team's group; the driver's REST calls go to {options.Url})");
        if (drive)
        {
            report.Note("changes", $"{seen.Count} distinct (deployment, status) changes; {received} deliveries of {expected} expected ({(expected == 0 ? 0 : 100.0 * received / expected):0.00}%)");
        }

        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        return fanout;
    }

    private static async Task<string> LoginAsync(RunContext ctx, Uri url, CachedAccount account)
    {
        using var response = await Api.SendPatientlyAsync(ctx.Http,
            () => Api.Request(HttpMethod.Post, url, "/api/auth/login", body: new { email = account.Email, password = account.Password }),
            new Patience(TimeSpan.FromSeconds(60)), ctx.Cancellation);
        await Api.EnsureSuccessAsync(response, $"logging in on {url}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json, ctx.Cancellation)).GetProperty("accessToken").GetString()!;
    }

    /// <summary>Creates a deployment, waits for it to run, stops it, waits for it to stop and deletes it.</summary>
    private static async Task<int> CycleAsync(RunContext ctx, CachedAccount account, ConcurrentDictionary<Guid, string> statuses, Metric driver, CancellationToken cancellationToken)
    {
        var server = ctx.Options.Url;
        var name = $"load-{Guid.NewGuid().ToString("N")[..8]}";
        var body = new { name, gpuType = "RTXA6000", deploymentType = "raw_compute" };
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var created = await Api.SendPatientlyAsync(ctx.Http, () => Api.Request(HttpMethod.Post, server, "/api/deployments", account.AccessToken, body),
            new Patience(TimeSpan.FromSeconds(ctx.Options.Duration)), cancellationToken);
        driver.RecordSince(started);
        if (created.StatusCode != HttpStatusCode.Accepted)
        {
            var text = await created.Content.ReadAsStringAsync(cancellationToken);
            driver.Error($"create {(int)created.StatusCode}");
            Console.Error.WriteLine($"  watch: POST /api/deployments answered {(int)created.StatusCode}: {text[..Math.Min(200, text.Length)]}");
            await Task.Delay(1000, cancellationToken);
            return 0;
        }

        var id = (await created.Content.ReadFromJsonAsync<JsonElement>(Api.Json, cancellationToken)).GetProperty("id").GetGuid();
        try
        {
            await UntilAsync(statuses, id, ["running", "failed"], TimeSpan.FromSeconds(120), cancellationToken);
        }
        finally
        {
            started = System.Diagnostics.Stopwatch.GetTimestamp();
            using (await ctx.Http.SendAsync(Api.Request(HttpMethod.Post, server, $"/api/deployments/{id}/stop", account.AccessToken), CancellationToken.None))
            {
                driver.RecordSince(started);
            }

            await UntilAsync(statuses, id, ["stopped", "failed"], TimeSpan.FromSeconds(60), CancellationToken.None);
            using (await ctx.Http.SendAsync(Api.Request(HttpMethod.Delete, server, $"/api/deployments/{id}", account.AccessToken), CancellationToken.None))
            {
            }
        }

        return 1;
    }

    private static async Task UntilAsync(ConcurrentDictionary<Guid, string> statuses, Guid id, string[] wanted, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (statuses.TryGetValue(id, out var status) && wanted.Contains(status))
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }

        Console.Error.WriteLine($"  watch: deployment {id} did not reach {string.Join("/", wanted)} within {timeout.TotalSeconds:0} s");
    }
}
