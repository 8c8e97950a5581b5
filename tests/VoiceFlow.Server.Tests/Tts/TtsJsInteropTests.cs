using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>The official JavaScript client against /hubs/tts: camelCase keys and bytes in both protocols.</summary>
public sealed class TtsJsInteropTests(KestrelVoiceFlowApp app) : IClassFixture<KestrelVoiceFlowApp>
{
    private const string Sentence = "The browser client hears every word of this sentence.";

    private async Task<JsonElement> RunAsync(string protocol, string format, string mode, string text = Sentence)
    {
        JsClient.SkipUnlessAvailable();
        var key = await app.CreateKeyAsync();
        var outcome = await JsClient.RunAsync("synthesize.mjs", app.BaseUrl, key.Key, protocol, format, mode, text);
        Assert.True(outcome.GetProperty("error").ValueKind == JsonValueKind.Null, $"The stream failed: {outcome.GetProperty("error")}");
        return outcome;
    }

    [Theory]
    [InlineData("json")]
    [InlineData("msgpack")]
    public async Task Synthesize_streams_fixed_size_frames_with_word_timings_to_the_javascript_client(string protocol)
    {
        var outcome = await RunAsync(protocol, "pcm_16000", "synthesize");

        Assert.True(outcome.GetProperty("voices").GetInt32() > 100);
        Assert.Equal(["engine", "id", "language", "name"], outcome.GetProperty("voiceKeys").EnumerateArray().Select(k => k.GetString()));
        var chunks = outcome.GetProperty("chunks").EnumerateArray().ToList();
        Assert.All(chunks, c => Assert.Equal(["audio", "final", "seq", "words"], c.GetProperty("keys").EnumerateArray().Select(k => k.GetString())));
        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.GetProperty("seq").GetInt32()));
        Assert.True(chunks[^1].GetProperty("final").GetBoolean());
        Assert.All(chunks[..^1], c => Assert.Equal(1280, c.GetProperty("bytes").GetInt32()));
        var seconds = chunks.Sum(c => c.GetProperty("bytes").GetInt32()) / 32000.0;
        Assert.InRange(seconds, 1.5, 8);
        var words = chunks.SelectMany(c => c.GetProperty("words").EnumerateArray()).ToList();
        Assert.Equal(Sentence.Split(' ').Length, words.Count);
        Assert.All(words, w => Assert.True(w.TryGetProperty("startMs", out _) && w.TryGetProperty("endMs", out _) && w.TryGetProperty("word", out _)));
        var starts = words.Select(w => w.GetProperty("startMs").GetInt32()).ToList();
        Assert.Equal(starts.Order(), starts);
        Assert.True(starts[^1] < seconds * 1000);
    }

    [Theory]
    [InlineData("json")]
    [InlineData("msgpack")]
    public async Task A_wav_stream_starts_with_a_riff_header_for_the_javascript_client(string protocol)
    {
        var chunks = (await RunAsync(protocol, "wav", "synthesize")).GetProperty("chunks").EnumerateArray().ToList();

        Assert.Equal("RIFF", chunks[0].GetProperty("head").GetString());
        Assert.True(chunks[^1].GetProperty("final").GetBoolean());
    }

    [Theory]
    [InlineData("json")]
    [InlineData("msgpack")]
    public async Task SynthesizeText_takes_text_streamed_by_the_javascript_client(string protocol)
    {
        var outcome = await RunAsync(protocol, "ulaw_8000", "text", "First sentence here. And a second one follows it.");

        var chunks = outcome.GetProperty("chunks").EnumerateArray().ToList();
        Assert.All(chunks[..^1], c => Assert.Equal(320, c.GetProperty("bytes").GetInt32()));
        var words = chunks.SelectMany(c => c.GetProperty("words").EnumerateArray()).Select(w => w.GetProperty("word").GetString()).ToList();
        Assert.Equal(9, words.Count);
        Assert.True(chunks[^1].GetProperty("final").GetBoolean());
    }
}
