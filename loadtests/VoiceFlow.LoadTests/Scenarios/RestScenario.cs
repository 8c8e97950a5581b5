using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// The product backlog's issue 30 mix: each user logs in once (spread over the warm-up), then with 1-3 s of think time
/// lists deployments (10), reads its profile (5, the "stats"), reads key usage (2: request counts and last use per key)
/// and creates a key (1, revoked right after so keys do not pile up). With <c>--rate R</c> requests arrive at R per
/// second whatever the answers (an open model that can go past saturation), then the closed mix runs again for
/// <c>--recovery</c> seconds, and every acknowledged write is checked.
/// </summary>
public static class RestScenario
{
    private static readonly (string Name, int Weight)[] Mix = [("list deployments", 10), ("me", 5), ("usage (keys)", 2), ("create key", 1)];

    public static async Task RunAsync(RunContext ctx) => await RunAsync(ctx, ctx.Options.Streams ?? 1000, "rest", null);

    public static async Task RunAsync(RunContext ctx, int users, string name, Task? window)
    {
        var options = ctx.Options;
        var pool = await ctx.AccountsAsync();
        var accounts = options.Email is not null
            ? Enumerable.Repeat(await pool.GivenAsync(AccountKind.User, options.Email, options.Password ?? "", ctx.Cancellation), users).ToList()
            : await pool.GetAsync(AccountKind.User, users, ctx.Cancellation);
        using var http = Api.CreateClient(TimeSpan.FromSeconds(30));
        var writes = new Writes();

        var report = ctx.NewReport(name, users);
        var run = new Run(ctx, http, report, writes);
        var tokens = new string?[users];
        var watch = new ServerWatch(ctx.Http, [options.Url]);
        await watch.StartAsync();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
        int loggedIn = 0;
        var tasks = Enumerable.Range(0, users).Select(i => Task.Run(async () =>
        {
            if (options.Rate is not null)
            {
                // The open model measures the mix past saturation; logins (one bcrypt each) are the closed run's business.
                tokens[i] = accounts[i].AccessToken;
                Interlocked.Increment(ref loggedIn);
                return;
            }

            // Log in once, spread over the warm-up (a bcrypt verification makes each login cost ~0.2 s of CPU here).
            await Task.Delay(TimeSpan.FromSeconds(Random.Shared.NextDouble() * Math.Max(1, options.Warmup) * 0.8), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            tokens[i] = await run.LoginAsync(accounts[i], stop.Token) ?? accounts[i].AccessToken;
            Interlocked.Increment(ref loggedIn);
            await run.ClosedLoopAsync(accounts[i], tokens[i]!, stop.Token);
        })).ToList();

        await using (new Progress(name, [run.All, run.Login], () => $"{loggedIn}/{users} logged in"))
        {
            if (window is not null)
            {
                run.Window.Start();
                await window;
                run.Window.Stop();
                report.MeasuredSeconds = run.Window.Seconds;
            }
            else if (options.Rate is { } rate)
            {
                await Task.Delay(TimeSpan.FromSeconds(options.Warmup), ctx.Cancellation);
                run.Window.Start();
                await run.OpenLoopAsync(accounts, tokens, rate, TimeSpan.FromSeconds(options.Duration), ctx.Cancellation);
                run.Window.Stop();
                report.MeasuredSeconds = run.Window.Seconds;
            }
            else
            {
                await ctx.RunWindowAsync(run.Window, report);
            }
        }

        await stop.CancelAsync();
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
        await watch.StopAsync(report);
        report.Note("users", options.Rate is { } r
            ? $"{users} (tokens from provisioning); open model at {r:0} requests/s, each for a random user"
            : $"{users} ({loggedIn} logged in), think time 1-3 s");

        if (options.Rate is not null && window is null && options.Recovery > 0)
        {
            var recovery = ctx.NewReport($"{name} recovery (closed mix after the overload)", users);
            var after = new Run(ctx, http, recovery, writes);
            using var stopRecovery = CancellationTokenSource.CreateLinkedTokenSource(ctx.Cancellation);
            var loops = Enumerable.Range(0, users).Select(i => after.ClosedLoopAsync(accounts[i], tokens[i] ?? accounts[i].AccessToken!, stopRecovery.Token)).ToList();
            await using (new Progress("recovery", [after.All]))
            {
                after.Window.Start();
                await Task.Delay(TimeSpan.FromSeconds(options.Recovery), ctx.Cancellation);
                after.Window.Stop();
                recovery.MeasuredSeconds = after.Window.Seconds;
            }

            await stopRecovery.CancelAsync();
            await Task.WhenAll(loops).WaitAsync(TimeSpan.FromSeconds(60)).ContinueWith(_ => { }, TaskScheduler.Default);
            report = recovery;
        }

        await writes.CheckAsync(ctx, http, accounts, tokens, report);
    }

    /// <summary>One phase's rows and the request loops that fill them.</summary>
    private sealed class Run
    {
        private readonly RunContext _ctx;
        private readonly HttpClient _http;
        private readonly Writes _writes;
        private readonly Dictionary<string, Metric> _ops = [];
        private readonly int _totalWeight = Mix.Sum(m => m.Weight);

        public Run(RunContext ctx, HttpClient http, ScenarioReport report, Writes writes)
        {
            _ctx = ctx;
            _http = http;
            _writes = writes;
            All = report.Add(new Metric("all requests", Window));
            Login = report.Add(new Metric("login (once per user, during warm-up)", LoginWindow));
            LoginWindow.Start();
            foreach (var (name, _) in Mix)
            {
                _ops[name] = report.Add(new Metric(name, Window));
            }
        }

        public MeasureWindow Window { get; } = new();

        public MeasureWindow LoginWindow { get; } = new();

        public Metric All { get; }

        public Metric Login { get; }

        public async Task<string?> LoginAsync(CachedAccount account, CancellationToken cancellationToken)
        {
            var (status, body) = await SendAsync(Login, HttpMethod.Post, "/api/auth/login", null, new { email = account.Email, password = account.Password }, cancellationToken, read: true);
            return status == HttpStatusCode.OK && body is { } json ? json.GetProperty("accessToken").GetString() : null;
        }

        public async Task ClosedLoopAsync(CachedAccount account, string token, CancellationToken cancellationToken)
        {
            try
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(1000 + Random.Shared.Next(2000)), cancellationToken);
                    await OneAsync(account, token, cancellationToken);
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        /// <summary>Requests at a fixed arrival rate, each for a random user, whether or not earlier ones were answered.</summary>
        public async Task OpenLoopAsync(List<CachedAccount> accounts, string?[] tokens, double rate, TimeSpan duration, CancellationToken cancellationToken)
        {
            const int MaxInFlight = 20_000;
            int inFlight = 0;
            var pending = new ConcurrentDictionary<Task, byte>();
            long start = Stopwatch.GetTimestamp();
            long sent = 0;
            while (Stopwatch.GetElapsedTime(start) < duration && !cancellationToken.IsCancellationRequested)
            {
                long due = (long)(Stopwatch.GetElapsedTime(start).TotalSeconds * rate);
                for (; sent < due; sent++)
                {
                    if (Volatile.Read(ref inFlight) >= MaxInFlight)
                    {
                        All.Tally("not sent: client in-flight cap");
                        continue;
                    }

                    int user = Random.Shared.Next(accounts.Count);
                    Interlocked.Increment(ref inFlight);
                    var task = OneAsync(accounts[user], tokens[user] ?? accounts[user].AccessToken!, cancellationToken)
                        .ContinueWith(_ => Interlocked.Decrement(ref inFlight), TaskScheduler.Default);
                    pending.TryAdd(task, 0);
                    _ = task.ContinueWith(t => pending.TryRemove(t, out _), TaskScheduler.Default);
                }

                await Task.Delay(2, cancellationToken);
            }

            All.Tally("sent", sent);
            await Task.WhenAll(pending.Keys).WaitAsync(TimeSpan.FromSeconds(40), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        private async Task OneAsync(CachedAccount account, string token, CancellationToken cancellationToken)
        {
            int pick = Random.Shared.Next(_totalWeight);
            string op = Mix.First(m => (pick -= m.Weight) < 0).Name;
            var metric = _ops[op];
            switch (op)
            {
                case "list deployments":
                    await SendAsync(metric, HttpMethod.Get, "/api/deployments", token, null, cancellationToken);
                    break;
                case "me":
                    await SendAsync(metric, HttpMethod.Get, "/api/auth/me", token, null, cancellationToken);
                    break;
                case "usage (keys)":
                    await SendAsync(metric, HttpMethod.Get, "/api/keys", token, null, cancellationToken);
                    break;
                default:
                    var (status, body) = await SendAsync(metric, HttpMethod.Post, "/api/keys", token, new { name = "load test key" }, cancellationToken, read: true);
                    if (status == HttpStatusCode.Created && body is { } created)
                    {
                        var id = created.GetProperty("id").GetGuid();
                        _writes.Created(account.Email, id);
                        var (revoked, _) = await SendAsync(metric, HttpMethod.Delete, $"/api/keys/{id}", token, null, cancellationToken);
                        if (revoked == HttpStatusCode.NoContent)
                        {
                            _writes.Revoked(id);
                        }
                    }

                    break;
            }
        }

        private async Task<(HttpStatusCode? Status, JsonElement? Body)> SendAsync(
            Metric metric, HttpMethod method, string path, string? token, object? body, CancellationToken cancellationToken, bool read = false)
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                using var response = await _http.SendAsync(Api.Request(method, _ctx.Options.Url, path, token, body), cancellationToken);
                JsonElement? json = read && response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Api.Json, cancellationToken) : null;
                if (!read)
                {
                    await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                }

                metric.RecordSince(started);
                if (metric != Login)
                {
                    All.RecordSince(started);
                }

                if (!response.IsSuccessStatusCode)
                {
                    string kind = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
                    metric.Error(kind);
                    if (metric != Login)
                    {
                        All.Error(kind);
                    }
                }

                return (response.StatusCode, json);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                string kind = e is TaskCanceledException ? "timeout" : "connection error";
                metric.Error(kind);
                All.Error(kind);
                return (null, null);
            }
        }
    }

    /// <summary>Keys whose creation (201) or revocation (204) was acknowledged, checked against the server afterwards.</summary>
    private sealed class Writes
    {
        private readonly ConcurrentDictionary<Guid, string> _created = new();
        private readonly ConcurrentDictionary<Guid, byte> _revoked = new();

        public void Created(string email, Guid id) => _created[id] = email;

        public void Revoked(Guid id) => _revoked[id] = 0;

        public async Task CheckAsync(RunContext ctx, HttpClient http, List<CachedAccount> accounts, string?[] tokens, ScenarioReport report)
        {
            if (_created.IsEmpty)
            {
                return;
            }

            var byEmail = accounts.Select((a, i) => (a.Email, Token: tokens[i] ?? a.AccessToken)).DistinctBy(a => a.Email).ToDictionary(a => a.Email, a => a.Token);
            int missing = 0, notRevoked = 0, unreadable = 0;
            await Parallel.ForEachAsync(_created.GroupBy(c => c.Value), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (user, ct) =>
            {
                using var response = await http.SendAsync(Api.Request(HttpMethod.Get, ctx.Options.Url, "/api/keys", byEmail[user.Key]), ct);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref unreadable);
                    return;
                }

                var keys = (await response.Content.ReadFromJsonAsync<JsonElement[]>(Api.Json, ct) ?? [])
                    .ToDictionary(k => k.GetProperty("id").GetGuid(), k => k.TryGetProperty("revokedAt", out var r) && r.ValueKind != JsonValueKind.Null);
                foreach (var (id, _) in user)
                {
                    if (!keys.TryGetValue(id, out var revoked))
                    {
                        Interlocked.Increment(ref missing);
                    }
                    else if (_revoked.ContainsKey(id) && !revoked)
                    {
                        Interlocked.Increment(ref notRevoked);
                    }
                }
            });
            report.Note("acknowledged writes checked",
                $"{_created.Count} keys created (201), {_revoked.Count} revoked (204): {missing} created keys missing, {notRevoked} revocations lost"
                + (unreadable > 0 ? $", {unreadable} users' keys unreadable" : ""));
        }
    }
}
