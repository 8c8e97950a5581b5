using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Hosting;

public sealed class OperationsTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private readonly HttpClient _client = app.CreateClient();

    [Fact]
    public async Task Liveness_answers_without_touching_dependencies()
    {
        var health = await _client.GetFromJsonAsync<JsonElement>("/health");

        Assert.Equal("healthy", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readiness_checks_postgresql_and_redis()
    {
        var ready = await _client.GetFromJsonAsync<JsonElement>("/health/ready");

        Assert.Equal("healthy", ready.GetProperty("status").GetString());
        Assert.Equal("healthy", ready.GetProperty("checks").GetProperty("postgresql").GetProperty("status").GetString());
        if (TestEnvironment.RedisConnectionString is not null)
        {
            Assert.Equal("healthy", ready.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task Metrics_are_exposed_for_prometheus()
    {
        await _client.GetAsync("/health");

        var metrics = await _client.GetStringAsync("/metrics");

        Assert.Contains("http_requests_received_total", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_cpu_memory_and_collections_are_exported_and_current_at_each_scrape()
    {
        var first = Samples(await _client.GetStringAsync("/metrics"));
        // The test host is the server's process: CPU spent here is the server's.
        var spin = System.Diagnostics.Stopwatch.StartNew();
        while (spin.ElapsedMilliseconds < 200)
        {
            Thread.SpinWait(1000);
        }

        var second = Samples(await _client.GetStringAsync("/metrics"));

        Assert.True(second["process_cpu_seconds_total"] - first["process_cpu_seconds_total"] >= 0.1);
        Assert.True(second["process_working_set_bytes"] > 10 * 1024 * 1024);
        Assert.True(second["dotnet_total_memory_bytes"] > 0);
        var now = DateTimeOffset.UtcNow;
        Assert.InRange(second["process_start_time_seconds"], now.AddDays(-1).ToUnixTimeSeconds(), now.ToUnixTimeSeconds());
        Assert.True(second["dotnet_collection_count_total{generation=\"0\"}"] >= 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.True(second["process_num_threads"] > 1);
        }
    }

    private static Dictionary<string, double> Samples(string exposition) =>
        exposition.Split('\n')
            .Where(line => line.Length > 0 && line[0] != '#')
            .ToDictionary(
                line => line[..line.LastIndexOf(' ')],
                line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task An_unknown_route_is_a_problem_document()
    {
        var response = await _client.GetAsync("/api/no-such-thing");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
    }
}

public sealed class UnhandledErrorTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    [Fact]
    public async Task A_failure_inside_the_server_is_a_500_problem_without_internals()
    {
        var client = app.CreateClient();
        var user = await client.SignUpAsync();
        // Break the database under the running server: the next query fails for real.
        await app.Database.ExecuteAsync("ALTER TABLE api_keys RENAME TO api_keys_moved");

        try
        {
            var response = await app.ClientFor(user).GetAsync("/api/keys");

            var problem = await response.AssertProblemAsync(HttpStatusCode.InternalServerError);
            var body = problem.ToString();
            Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
            Assert.DoesNotContain("api_keys", body, StringComparison.Ordinal);
        }
        finally
        {
            await app.Database.ExecuteAsync("ALTER TABLE api_keys_moved RENAME TO api_keys");
        }
    }
}
