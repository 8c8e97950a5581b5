using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Audio;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Deployments;

public sealed class LocalDeploymentTests(LocalDeploymentsApp app) : IClassFixture<LocalDeploymentsApp>
{
    private static readonly string[] ChangedKeys =
        ["id", "name", "status", "previousStatus", "gpuType", "endpoint", "replicas", "hourlyCostCents", "at", "message"];

    [Fact]
    public async Task A_local_deployment_goes_live_for_its_team_serves_speech_and_stops_with_its_process()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var stranger = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        await using var json = await DeploymentWatcher.ConnectAsync(app, owner);
        await using var pack = await DeploymentWatcher.ConnectAsync(app, owner, messagePack: true);
        await using var outsider = await DeploymentWatcher.ConnectAsync(app, stranger);
        Assert.Empty(await json.WatchAsync());
        Assert.Empty(await pack.WatchAsync());
        Assert.Empty(await outsider.WatchAsync());

        var response = await client.PostAsJsonAsync("/api/deployments", DeploymentApi.Body("studio-voice", gpuType: "L40S"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var created = (await response.Content.ReadFromJsonAsync<JsonElement>());
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal("studio-voice", created.GetProperty("name").GetString());
        Assert.Equal(91, created.GetProperty("hourlyCostCents").GetInt32());
        var id = created.GetProperty("id").GetGuid();
        Assert.Equal($"/api/deployments/{id}", response.Headers.Location?.OriginalString);

        var running = await json.WaitForStatusAsync(id, "running");
        await pack.WaitForStatusAsync(id, "running");
        Assert.Equal(["pending", "provisioning", "starting", "running"], json.TransitionsOf(id));
        Assert.Equal(["pending", "provisioning", "starting", "running"], pack.TransitionsOf(id));
        foreach (var change in json.ChangesOf(id).Concat(pack.ChangesOf(id)))
        {
            Assert.Equal(ChangedKeys.Order(), change.Fields.Keys.Order());
        }

        Assert.Equal("starting", running.PreviousStatus);
        Assert.Contains("check synthesis returned", running.Message);

        var live = await client.GetDeploymentAsync(id);
        Assert.Equal("running", live.Status);
        Assert.StartsWith("http://127.0.0.1:", live.Endpoint);
        Assert.Equal(1, live.Replicas);
        Assert.Equal(91, live.HourlyCostCents);
        Assert.Equal("L40S", live.GpuType);
        Assert.Equal("serverless", live.DeploymentType);
        Assert.Null(live.StoppedAt);
        Assert.Contains((await client.GetFromJsonAsync<List<JsonElement>>("/api/deployments"))!, d => d.GetProperty("id").GetGuid() == id);

        // The endpoint is a real worker: OpenAI-style speech, streamed as 24 kHz PCM.
        using var worker = new HttpClient { BaseAddress = new Uri(live.Endpoint!) };
        using var speech = await worker.PostAsJsonAsync("/v1/audio/speech",
            new { model = "tts-1", input = "Hello from a VoiceFlow deployment.", voice = "alloy", response_format = "pcm" });
        Assert.Equal(HttpStatusCode.OK, speech.StatusCode);
        Assert.Equal("24000", speech.Headers.GetValues("X-Sample-Rate").Single());
        var pcm = await speech.Content.ReadAsByteArrayAsync();
        Assert.True(pcm.Length > 24_000, $"Expected over half a second of audio, got {pcm.Length} bytes.");
        Assert.True(Pcm16.RmsDbfs(Pcm16.ToSamples(pcm)) > -40, "The audio is silent.");
        var pid = await app.Database.ScalarAsync<int>($"SELECT (provider_handle->>'Pid')::int FROM deployments WHERE id = '{id}'");
        using (var process = Process.GetProcessById(pid))
        {
            Assert.False(process.HasExited);
        }

        // Apps reach it through /hubs/tts with the deployment's id.
        var audio = await TtsThroughDeploymentAsync(client, id);
        Assert.True(audio > 24_000, $"Expected over half a second of audio through /hubs/tts, got {audio} bytes.");

        // The worker's own output is the deployment's log, live and stored.
        await json.WaitForAsync(() => json.LogsOf(id).FirstOrDefault(l => l.Line!.Contains("Ready: espeak-ng", StringComparison.Ordinal)), "the worker's ready line");
        var logs = await client.GetFromJsonAsync<List<JsonElement>>($"/api/deployments/{id}/logs");
        Assert.Contains(logs!, l => l.GetProperty("line").GetString()!.Contains("Ready: espeak-ng", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/deployments/{id}/stop", null)).StatusCode);
        var stopped = await json.WaitForStatusAsync(id, "stopped");
        await pack.WaitForStatusAsync(id, "stopped");
        Assert.Equal(["pending", "provisioning", "starting", "running", "stopping", "stopped"], json.TransitionsOf(id));
        Assert.Equal(["pending", "provisioning", "starting", "running", "stopping", "stopped"], pack.TransitionsOf(id));
        Assert.Null(stopped.Text("endpoint"));
        Assert.True(ProcessIsGone(pid), $"Worker process {pid} still runs after stop.");
        await Assert.ThrowsAsync<HttpRequestException>(() => worker.GetAsync("/health"));

        var final = await client.GetDeploymentAsync(id);
        Assert.Equal("stopped", final.Status);
        Assert.NotNull(final.StoppedAt);
        var history = await client.GetFromJsonAsync<List<JsonElement>>($"/api/deployments/{id}/events");
        Assert.Equal(["pending", "provisioning", "starting", "running", "stopping", "stopped"], history!.Select(e => e.GetProperty("status").GetString()));
        Assert.Equal([1, 2, 3, 4, 5, 6], history!.Select(e => e.GetProperty("sequence").GetInt32()));
        // One closed running interval, priced, for billing.
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM deployment_runs WHERE deployment_id = '{id}' AND stopped_at > started_at AND hourly_cost_cents = 91"));

        var metrics = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("voiceflow_deployment_transitions_total{status=\"running\"}", metrics);
        Assert.Contains("voiceflow_deployment_time_to_running_seconds_count", metrics);
        Assert.Contains("voiceflow_active_deployments{gpu_type=\"L40S\"}", metrics);

        Assert.Empty(outsider.Seen);
    }

    [Fact]
    public async Task A_worker_that_dies_fails_its_deployment_with_the_reason()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        await using var watcher = await DeploymentWatcher.ConnectAsync(app, owner);
        await watcher.WatchAsync();
        var id = (await client.CreateOkAsync("doomed-worker")).Id;
        await watcher.WaitForStatusAsync(id, "running");
        var pid = await app.Database.ScalarAsync<int>($"SELECT (provider_handle->>'Pid')::int FROM deployments WHERE id = '{id}'");

        using (var process = Process.GetProcessById(pid))
        {
            process.Kill();
        }

        var failed = await watcher.WaitForStatusAsync(id, "failed");
        Assert.Equal("running", failed.PreviousStatus);
        Assert.Contains($"worker process {pid} exited", failed.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("failed", (await client.GetDeploymentAsync(id)).Status);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM deployment_runs WHERE deployment_id = '{id}' AND stopped_at IS NULL"));
    }

    [Fact]
    public async Task After_a_restart_a_running_deployment_whose_worker_is_gone_is_failed_not_left_running()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        var team = await client.PersonalTeamAsync();
        int deadPid;
        using (var gone = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!)
        {
            await gone.WaitForExitAsync();
            deadPid = gone.Id;
        }

        // What a node that crashed leaves behind: running, its lease expired, its worker gone with it.
        var id = Guid.NewGuid();
        var handle = JsonSerializer.Serialize(new { Pid = deadPid, Port = 9, Host = "127.0.0.1", StartedAt = DateTimeOffset.UtcNow.AddMinutes(-5), Node = "crashed-node" });
        await app.Database.ExecuteAsync($"""
            INSERT INTO deployments (id, team_id, created_by_user_id, name, gpu_type, deployment_type, engine, provider, hourly_cost_cents,
                status, status_changed_at, message, endpoint, replicas, created_at, provisioning_started_at, provider_handle, lease_owner,
                lease_expires_at, event_count)
            VALUES ('{id}', '{team}', '{owner.Id}', 'left-behind', 'L40S', 'serverless', 'espeak-ng', 'local', 91,
                'running', now() - interval '5 minutes', 'Serving', 'http://127.0.0.1:9', 1, now() - interval '6 minutes',
                now() - interval '6 minutes', '{handle}', 'crashed-node', now() - interval '1 minute', 4);
            INSERT INTO deployment_runs (id, deployment_id, team_id, gpu_type, hourly_cost_cents, started_at)
            VALUES ('{Guid.NewGuid()}', '{id}', '{team}', 'L40S', 91, now() - interval '5 minutes');
            """);

        var failed = await client.WaitForStatusAsync(id, "failed", seconds: 30);

        Assert.Contains("no longer running", failed.Message);
        Assert.Null(failed.Endpoint);
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM deployment_runs WHERE deployment_id = '{id}' AND stopped_at IS NULL"));
        Assert.Equal("running", await app.Database.ScalarAsync<string>(
            $"SELECT previous_status FROM deployment_events WHERE deployment_id = '{id}' AND status = 'failed' AND sequence = 5"));
    }

    private async Task<int> TtsThroughDeploymentAsync(HttpClient client, Guid deploymentId)
    {
        var created = await client.PostAsJsonAsync("/api/keys", new { name = "deployment speech" });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
        await using var tts = new HubConnectionBuilder().WithUrl(new Uri(app.Server.BaseAddress, "/hubs/tts"), options =>
        {
            options.Transports = HttpTransportType.WebSockets;
            options.Headers["X-API-Key"] = key;
            options.HttpMessageHandlerFactory = _ => app.Server.CreateHandler();
            options.WebSocketFactory = async (context, cancellationToken) =>
            {
                var socket = app.Server.CreateWebSocketClient();
                socket.ConfigureRequest = request => request.Headers["X-API-Key"] = key;
                return await socket.ConnectAsync(context.Uri, cancellationToken);
            };
        }).Build();
        await tts.StartAsync();
        var bytes = 0;
        var request = new { text = "Spoken by the deployment's own worker.", voice = "en-us", format = "pcm_24000", deploymentId = deploymentId.ToString() };
        await foreach (var chunk in tts.StreamAsync<JsonElement>("Synthesize", request))
        {
            bytes += chunk.GetProperty("audio").GetBytesFromBase64().Length;
        }

        return bytes;
    }

    internal static bool ProcessIsGone(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }
}
