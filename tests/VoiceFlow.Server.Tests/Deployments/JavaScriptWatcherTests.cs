using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Deployments;

/// <summary>The local-provider server on a real port, for the official JavaScript client.</summary>
public sealed class KestrelDeploymentsApp : KestrelVoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Deployments:Provider", "local"),
        new("Deployments:Driver:PollInterval", "00:00:00.200"),
        new("Deployments:Driver:ProbeInterval", "00:00:00.500"),
        new("Deployments:Driver:LeaseDuration", "00:00:05"),
    ];
}

public sealed class JavaScriptWatcherTests(KestrelDeploymentsApp app) : IClassFixture<KestrelDeploymentsApp>
{
    private static readonly string Script = Path.Combine(JsClient.ScriptsFolder, "..", "VoiceFlow.Server.Tests", "Deployments", "watch-deployments.mjs");

    [Theory]
    [InlineData("json")]
    [InlineData("msgpack")]
    public async Task The_official_javascript_client_watches_a_deployment_live_with_the_contracts_camel_case_keys(string protocol)
    {
        JsClient.SkipUnlessAvailable();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var user = await http.SignUpAsync();

        var outcome = await JsClient.RunAsync(Path.GetFullPath(Script), app.BaseUrl, user.AccessToken, protocol, $"js-{protocol}");

        Assert.Equal(JsonValueKind.Null, outcome.GetProperty("error").ValueKind);
        Assert.Empty(outcome.GetProperty("initial").EnumerateArray());
        var changes = outcome.GetProperty("changes").EnumerateArray().ToList();
        var transitions = changes
            .Where(c => c.GetProperty("status").GetString() != (c.GetProperty("previousStatus").ValueKind == JsonValueKind.Null ? null : c.GetProperty("previousStatus").GetString()))
            .Select(c => c.GetProperty("status").GetString());
        Assert.Equal(["pending", "provisioning", "starting", "running", "stopping", "stopped"], transitions);
        foreach (var change in changes)
        {
            Assert.Equal(
                ["at", "endpoint", "gpuType", "hourlyCostCents", "id", "message", "name", "previousStatus", "replicas", "status"],
                change.GetProperty("keys").EnumerateArray().Select(k => k.GetString()).Order(StringComparer.Ordinal));
            Assert.Equal(protocol == "msgpack" ? "date" : "string", change.GetProperty("atType").GetString());
            Assert.Equal(91, change.GetProperty("hourlyCostCents").GetInt32());
        }

        Assert.True(outcome.GetProperty("logs").GetInt32() > 0, "No DeploymentLog reached the JavaScript client.");
        Assert.Equal(["at", "id", "line"], outcome.GetProperty("logKeys").EnumerateArray().Select(k => k.GetString()).Order(StringComparer.Ordinal));
    }
}
