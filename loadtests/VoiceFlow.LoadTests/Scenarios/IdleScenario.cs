using VoiceFlow.LoadTests.Infrastructure;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Scenarios;

/// <summary>
/// Memory per idle hub connection: the server's working set and GC heap from /metrics before and after opening N
/// connections to <c>/hubs/deployments</c> that then do nothing (no Watch), divided by N.
/// </summary>
public static class IdleScenario
{
    public static async Task RunAsync(RunContext ctx)
    {
        var options = ctx.Options;
        int count = options.Streams ?? 2000;
        var report = ctx.NewReport("idle connections", count);
        var window = new MeasureWindow();
        var connect = report.Add(new Metric("connect (WebSocket + handshake)", window));
        var pool = await ctx.AccountsAsync();
        var account = options.Email is not null
            ? await pool.GivenAsync(AccountKind.User, options.Email, options.Password ?? "", ctx.Cancellation)
            : (await pool.GetAsync(AccountKind.User, 1, ctx.Cancellation))[0];
        var hub = new Uri(options.Url, "/hubs/deployments");

        await Task.Delay(TimeSpan.FromSeconds(2), ctx.Cancellation);
        var before = await MetricsSnapshot.ReadAsync(ctx.Http, options.Url, ctx.Cancellation);
        window.Start();
        var (connections, failed, error) = await HubClients.StartManyAsync(count, async (_, ct) =>
        {
            var connection = HubClients.Build(hub, options.Protocol, account.AccessToken);
            long started = System.Diagnostics.Stopwatch.GetTimestamp();
            await connection.StartAsync(ct);
            connect.RecordSince(started);
            return connection;
        }, 32, ctx.Cancellation, n => Console.Error.WriteLine($"  idle: {n}/{count} connected"));
        window.Stop();
        report.MeasuredSeconds = window.Seconds;
        if (failed > 0)
        {
            connect.Tally("failures", failed);
            Console.Error.WriteLine($"  idle: {failed} connections failed: {error}");
        }

        // Let the connections settle (keep-alives, first GCs) before reading.
        await Task.Delay(TimeSpan.FromSeconds(Math.Max(5, options.Warmup)), ctx.Cancellation);
        var after = await MetricsSnapshot.ReadAsync(ctx.Http, options.Url, ctx.Cancellation);
        report.Servers.Add(MetricsSnapshot.Usage(before, after));
        int n = Math.Max(1, connections.Count);
        double ws = (after.Value("process_working_set_bytes") - before.Value("process_working_set_bytes")) / n;
        double heap = (after.Value("dotnet_total_memory_bytes") - before.Value("dotnet_total_memory_bytes")) / n;
        report.Note("working set per idle connection", $"{ws / 1024:0.0} KiB");
        report.Note("GC heap per idle connection", $"{heap / 1024:0.0} KiB (GC heap moves with collections: the working set is the steadier figure)");
        report.Note("connections", $"{connections.Count} open to {hub} ({ctx.ProtocolName})");
        await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
    }
}
