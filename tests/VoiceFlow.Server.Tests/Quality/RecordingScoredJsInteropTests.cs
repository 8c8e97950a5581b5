using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Quality;

/// <summary>The real host on a port, scoring takes as they arrive.</summary>
public sealed class ScoringKestrelApp : KestrelVoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [new("Quality:Workers", "1"), new("Quality:PollInterval", "00:00:00.100")];
}

public sealed class RecordingScoredJsInteropTests(ScoringKestrelApp app) : IClassFixture<ScoringKestrelApp>
{
    [Theory]
    [InlineData("json")]
    [InlineData("msgpack")]
    public async Task The_official_javascript_client_hears_its_take_scored_in_camel_case(string protocol)
    {
        JsClient.SkipUnlessAvailable();
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        var prompt = (await contributor.PromptsAsync(1))[0].Id.ToString();
        var pcmFile = Path.Combine(app.DataDirectory, $"scored-{protocol}.pcm");
        Directory.CreateDirectory(app.DataDirectory);
        await File.WriteAllBytesAsync(pcmFile, MemoryMarshal.AsBytes((await GeneratedTakes.CleanAsync()).AsSpan()).ToArray());

        var outcome = await JsClient.RunAsync("record.mjs", app.BaseUrl, contributor.AccessToken, prompt, protocol, "16000", "20", pcmFile, "20000");

        var recordingId = outcome.GetProperty("result").GetProperty("recordingId").GetString();
        var scored = outcome.GetProperty("scored");
        Assert.True(scored.ValueKind == JsonValueKind.Object, $"No RecordingScored arrived over {protocol}: {outcome}");
        Assert.Equal(recordingId, scored.GetProperty("recordingId").GetString());
        var view = await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/recordings/{recordingId}");
        Assert.Equal(view.GetProperty("status").GetString(), scored.GetProperty("status").GetString());
        Assert.Equal(view.GetProperty("qualityScore").GetInt32(), scored.GetProperty("qualityScore").GetInt32());
        Assert.Equal(view.GetProperty("paymentCents").GetInt32(), scored.GetProperty("paymentCents").GetInt32());
    }
}
