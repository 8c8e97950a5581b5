using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Deployments.Providers;
using VoiceFlow.Server.Deployments.Providers.Verda;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tests.Tts;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Deployments;

/// <summary>The server with the Verda provider, pointed at a stand-in of Verda's API; quick polling, short timeouts.</summary>
public sealed class VerdaDeploymentsApp : VoiceFlowApp
{
    public VerdaStandIn Verda { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Deployments:Provider", "verda"),
        new("Deployments:Verda:BaseUrl", Verda.BaseUrl),
        new("Deployments:Verda:ClientId", VerdaStandIn.ClientId),
        new("Deployments:Verda:ClientSecret", VerdaStandIn.ClientSecret),
        new("Deployments:Verda:InferenceKey", VerdaStandIn.InferenceKey),
        new("Deployments:Verda:Image", "registry.example/voiceflow/tts-worker:test"),
        new("Deployments:Verda:PollMinimum", "00:00:00.050"),
        new("Deployments:Verda:PollMaximum", "00:00:00.200"),
        new("Deployments:Driver:PollInterval", "00:00:00.200"),
        new("Deployments:Driver:ProbeInterval", "00:00:00.300"),
        new("Deployments:Driver:LeaseDuration", "00:00:05"),
        new("Deployments:Driver:StartTimeout", "00:00:08"),
        new("Deployments:Driver:StuckAfter", "00:00:03"),
    ];

    public override async ValueTask InitializeAsync()
    {
        await Verda.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Verda.DisposeAsync();
    }
}

public sealed class VerdaDeploymentTests(VerdaDeploymentsApp app) : IClassFixture<VerdaDeploymentsApp>
{
    private VerdaStandIn Verda => app.Verda;

    [Fact]
    public async Task A_verda_deployment_is_created_polled_to_healthy_proved_by_synthesis_and_deleted_on_stop()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        await using var watcher = await DeploymentWatcher.ConnectAsync(app, owner);
        await watcher.WatchAsync();

        // Mid-start the token expires (3rd call) and Verda throttles a call about this deployment once (its 2nd): the
        // provider authenticates again and waits.
        Verda.ExpireTokensAtCall(3);
        Verda.ThrottleCall(2, "vf-verda-voice-");
        var id = (await client.CreateOkAsync("verda-voice", gpuType: "RTX6000Ada")).Id;
        var name = $"vf-verda-voice-{id:N}"[..15] + $"{id:N}"[^8..];
        var running = await watcher.WaitForStatusAsync(id, "running", seconds: 30);

        Assert.Equal(["pending", "provisioning", "starting", "running"], watcher.TransitionsOf(id));
        var live = await client.GetDeploymentAsync(id);
        Assert.Equal($"{Verda.Root}/inference/{name}", live.Endpoint);
        Assert.Equal(1, live.Replicas);
        Assert.Equal(76, live.HourlyCostCents);
        Assert.Contains("check synthesis returned 0.5 s", running.Message);

        var created = Verda.Deployments[name].Body;
        Assert.Equal("RTX 6000 Ada", created.GetProperty("compute").GetProperty("name").GetString());
        var container = created.GetProperty("containers")[0];
        Assert.Equal("registry.example/voiceflow/tts-worker:test", container.GetProperty("image").GetString());
        Assert.Equal(8000, container.GetProperty("exposed_port").GetInt32());
        Assert.Equal("/health", container.GetProperty("healthcheck").GetProperty("path").GetString());
        Assert.Equal(1, created.GetProperty("scaling").GetProperty("min_replica_count").GetInt32());
        Assert.Equal(3, created.GetProperty("scaling").GetProperty("max_replica_count").GetInt32());

        var served = Verda.Served.ToList();
        // The expiry counts every call to the stand-in, and other deployments of this class may be polled meanwhile:
        // the refused call may be this deployment's creation or another's poll. Only this test expires tokens.
        var unauthorized = served.FindIndex(s => s.Status == 401);
        Assert.True(unauthorized >= 0, $"The expired token was never refused: {string.Join("; ", served.Select(s => $"{s.Request} {s.Status}"))}");
        Assert.Contains(served.Skip(unauthorized), s => s.Request == "POST /oauth2/token" && s.Status == 200);
        Assert.True(Verda.TokensIssued >= 2);
        var throttled = served.FindIndex(s => s.Status == 429);
        Assert.True(throttled >= 0, "Nothing was throttled.");
        // The retry is the same request again (other deployments of this class may be polled in between).
        var retried = served.Skip(throttled + 1).First(s => s.Request == served[throttled].Request);
        Assert.True(retried.At - served[throttled].At >= TimeSpan.FromSeconds(0.9), "The provider did not wait for Retry-After.");
        Assert.Contains(served, s => s.Request == $"POST /inference/{name}/v1/audio/speech" && s.Status == 200);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/deployments/{id}/stop", null)).StatusCode);
        await watcher.WaitForStatusAsync(id, "stopped", seconds: 30);

        Assert.Equal(["pending", "provisioning", "starting", "running", "stopping", "stopped"], watcher.TransitionsOf(id));
        Assert.Contains(Verda.Served, s => s.Request == $"DELETE /container-deployments/{name}" && s.Status == 200);
        Assert.False(Verda.Deployments.ContainsKey(name));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM deployment_runs WHERE deployment_id = '{id}' AND stopped_at IS NOT NULL"));
    }

    [Fact]
    public async Task Speech_from_the_tts_hub_reaches_a_verda_deployment_with_its_inference_key()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        await using var watcher = await DeploymentWatcher.ConnectAsync(app, owner);
        await watcher.WatchAsync();
        var id = (await client.CreateOkAsync("verda-speech", gpuType: "RTX6000Ada")).Id;
        await watcher.WaitForStatusAsync(id, "running", seconds: 30);
        var key = (await (await client.PostAsJsonAsync("/api/keys", new { name = "app" })).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("key").GetString()!;
        var name = $"vf-verda-speech-{id:N}"[..16] + $"{id:N}"[^8..];
        var before = Verda.Served.Count(s => s.Request == $"POST /inference/{name}/v1/audio/speech" && s.Status == 200);

        await using var tts = await app.ConnectTtsAsync(key, TtsProtocol.MessagePack);
        var chunks = await tts.SynthesizeAllAsync(new TtsRequest("Through the cloud.", "default", "pcm_24000", id.ToString()));

        Assert.Equal(24000, chunks.Audio().Length, tolerance: 2000);
        Assert.Equal(before + 1, Verda.Served.Count(s => s.Request == $"POST /inference/{name}/v1/audio/speech" && s.Status == 200));
        Assert.DoesNotContain(Verda.Served, s => s.Request == $"POST /inference/{name}/v1/audio/speech" && s.Status == 401);
    }

    [Fact]
    public async Task A_verda_deployment_that_never_becomes_healthy_says_it_is_stuck_then_fails_after_the_start_timeout()
    {
        var owner = await app.CreateClient().SignUpAsync();
        var client = app.ClientFor(owner);
        await using var watcher = await DeploymentWatcher.ConnectAsync(app, owner);
        await watcher.WatchAsync();

        var id = (await client.CreateOkAsync("never-healthy")).Id;
        var failed = await watcher.WaitForStatusAsync(id, "failed", seconds: 60);

        Assert.Equal("starting", failed.PreviousStatus);
        Assert.Contains("Did not become ready within 8 s", failed.Message);
        Assert.Contains("unhealthy", failed.Message);
        Assert.Contains(watcher.ChangesOf(id), c => !c.IsTransition && c.Message!.StartsWith("Stuck: still starting", StringComparison.Ordinal));
        Assert.Contains(watcher.LogsOf(id), l => l.Line!.Contains("Stuck: still starting", StringComparison.Ordinal));
        // Nothing is left running (and billed) at Verda.
        Assert.Contains(Verda.Served, s => s.Request.StartsWith("DELETE /container-deployments/vf-never-healthy-", StringComparison.Ordinal));
        Assert.DoesNotContain(Verda.Deployments.Keys, k => k.StartsWith("vf-never-healthy-", StringComparison.Ordinal));
        Assert.Equal(["pending", "provisioning", "starting", "failed"], watcher.TransitionsOf(id));
    }

    [Fact]
    public async Task A_verda_quota_refusal_fails_the_deployment_with_verdas_reason()
    {
        var client = app.ClientFor(await app.CreateClient().SignUpAsync());

        var id = (await client.CreateOkAsync("quota-bound", gpuType: "H100")).Id;
        var failed = await client.WaitForStatusAsync(id, "failed", seconds: 30);

        Assert.Contains("quota reached", failed.Message);
        Assert.Contains("H100", failed.Message);
    }

    [Theory]
    [InlineData("initializing", ProviderPhase.Provisioning)]
    [InlineData("image_pulling", ProviderPhase.Starting)]
    [InlineData("healthy", ProviderPhase.Ready)]
    [InlineData("degraded", ProviderPhase.Degraded)]
    [InlineData("unhealthy", ProviderPhase.Starting)]
    [InlineData("paused", ProviderPhase.Failed)]
    [InlineData("quota_reached", ProviderPhase.Failed)]
    [InlineData("something_new", ProviderPhase.Starting)]
    public void Verda_statuses_map_onto_the_lifecycle_with_a_message(string status, ProviderPhase expected)
    {
        var (phase, message) = VerdaStatusMap.Map(status, "L40S");

        Assert.Equal(expected, phase);
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public void Container_names_are_dns_safe_unique_per_deployment_and_fit_63_characters()
    {
        var id = Guid.NewGuid();
        var name = VerdaProvider.ContainerName(new DeploymentSpec(id, Guid.NewGuid(), new string('a', 63), "L40S", "serverless", "espeak-ng", null));

        Assert.True(name.Length <= 63);
        Assert.StartsWith("vf-", name);
        Assert.EndsWith(id.ToString("N")[^8..], name);
        Assert.Matches("^[a-z0-9-]+$", name);
    }
}
