using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

public sealed class RecordingHubJsInteropTests(KestrelVoiceFlowApp app) : IClassFixture<KestrelVoiceFlowApp>
{
    [Theory]
    [InlineData("json")]
    [InlineData("msgpack")]
    public async Task The_official_javascript_client_records_a_take_and_reads_feedback_in_camel_case(string protocol)
    {
        JsClient.SkipUnlessAvailable();
        await app.SeedAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var email = Infrastructure.Accounts.NewEmail("js");
        await http.PostAsJsonAsync("/api/contributors/register", Infrastructure.Contributors.Registration(email, languages: ["en"]));
        var tokens = (await (await http.PostAsJsonAsync("/api/contributors/login", new { email, password = Infrastructure.Accounts.StrongPassword }))
            .Content.ReadFromJsonAsync<Tokens>())!;
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var prompt = (await http.GetFromJsonAsync<JsonElement>("/api/contributors/prompts?count=1"))[0].GetProperty("id").GetString()!;
        using var engine = new EspeakEngine();
        var speech = TestSignals.ScaleToActiveLevel(await TestSignals.SpeechAsync(engine, "Testing the browser client.", 16000), 16000, -20);
        var pcmFile = Path.Combine(app.DataDirectory, $"take-{protocol}.pcm");
        Directory.CreateDirectory(app.DataDirectory);
        await File.WriteAllBytesAsync(pcmFile, MemoryMarshal.AsBytes(speech.AsSpan()).ToArray());

        var outcome = await JsClient.RunAsync("record.mjs", app.BaseUrl, tokens.AccessToken, prompt, protocol, "16000", "20", pcmFile);

        Assert.Equal(JsonValueKind.Null, outcome.GetProperty("error").ValueKind);
        var result = outcome.GetProperty("result");
        Assert.Equal("pending", result.GetProperty("status").GetString());
        Assert.True(Guid.TryParse(result.GetProperty("recordingId").GetString(), out _));
        Assert.InRange(result.GetProperty("durationMs").GetInt64(), (speech.Length / 16) - 25, (speech.Length / 16) + 25);
        var feedback = outcome.GetProperty("feedback").EnumerateArray().ToList();
        Assert.NotEmpty(feedback);
        foreach (var key in new[] { "seq", "atMs", "rmsDbfs", "peakDbfs", "clippedSamples", "speaking", "noiseFloorDbfs", "snrDb", "durationMs", "warnings" })
        {
            Assert.True(feedback[^1].TryGetProperty(key, out _), $"Feedback has no '{key}' in {protocol}: {feedback[^1]}");
        }
    }
}
