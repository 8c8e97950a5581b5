using System.Text;
using System.Text.Json;
using MessagePack;
using MessagePack.Resolvers;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Codecs;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>What an app developer hears and reads from Synthesize, over both protocols, with espeak-ng in the server.</summary>
public sealed class TtsSynthesisTests(VoiceFlowApp app) : TtsSynthesisBehaviour<VoiceFlowApp>(app), IClassFixture<VoiceFlowApp>;

/// <summary>The same with espeak-ng in a pool of engine processes (<c>Tts:Engine:Processes</c>).</summary>
public sealed class TtsSynthesisInEngineProcessesTests(EngineProcessesApp app)
    : TtsSynthesisBehaviour<EngineProcessesApp>(app), IClassFixture<EngineProcessesApp>;

public sealed class EngineProcessesApp : VoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Tts:Engine:Processes", "2")];
}

public abstract class TtsSynthesisBehaviour<TApp>(TApp app)
    where TApp : VoiceFlowApp
{
    private const int FrameMs = 40;

    private static string LettersOf(string text) => new(text.Where(char.IsLetterOrDigit).ToArray());

    private static double DurationMs(int samples, int rate) => samples * 1000.0 / rate;

    [Theory]
    [InlineData(TtsProtocol.Json, "pcm_16000", 16_000)]
    [InlineData(TtsProtocol.MessagePack, "pcm_16000", 16_000)]
    [InlineData(TtsProtocol.Json, "pcm_22050", 22_050)]
    [InlineData(TtsProtocol.MessagePack, "pcm_22050", 22_050)]
    [InlineData(TtsProtocol.Json, "pcm_24000", 24_000)]
    [InlineData(TtsProtocol.MessagePack, "pcm_24000", 24_000)]
    public async Task Synthesize_streams_audible_speech_as_pcm_in_frames_of_exactly_40_ms(TtsProtocol protocol, string format, int rate)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);

        var chunks = await connection.SynthesizeAllAsync(new TtsRequest(TtsClients.Text, "en-us", format));

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Seq));
        Assert.True(chunks[^1].Final);
        Assert.All(chunks[..^1], c => Assert.False(c.Final));
        int frameBytes = rate * FrameMs / 1000 * 2;
        Assert.All(chunks[..^1], c => Assert.Equal(frameBytes, c.Audio.Length));
        Assert.InRange(chunks[^1].Audio.Length, 0, frameBytes);
        var samples = Pcm16.ToSamples(chunks.Audio());
        Assert.InRange(DurationMs(samples.Length, rate), 1_500, 5_000); // seven words of speech
        Assert.True(Pcm16.RmsDbfs(samples) > -35, "the audio should be speech, not silence");
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task Every_word_is_timed_on_the_streams_clock_in_the_frame_where_it_starts(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);

        var chunks = await connection.SynthesizeAllAsync(new TtsRequest(TtsClients.Text, "en-us", "pcm_24000"));

        var words = chunks.SelectMany(c => c.Words).ToList();
        Assert.Equal(LettersOf(TtsClients.Text), LettersOf(string.Concat(words.Select(w => w.Word))));
        double durationMs = DurationMs(chunks.Audio().Length / 2, 24_000);
        for (int i = 0; i < words.Count; i++)
        {
            Assert.InRange(words[i].EndMs, words[i].StartMs, Math.Ceiling(durationMs));
            if (i > 0)
            {
                Assert.True(words[i].StartMs >= words[i - 1].StartMs, "starts are in order");
                Assert.True(words[i - 1].EndMs <= words[i].StartMs, "a word ends where the next one starts");
            }
        }

        Assert.Equal(Math.Floor(durationMs), words[^1].EndMs, 1.0);
        foreach (var chunk in chunks.Where(c => !c.Final))
        {
            Assert.All(chunk.Words, w => Assert.InRange(w.StartMs, chunk.Seq * FrameMs, ((chunk.Seq + 1) * FrameMs) - 1));
        }
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task Wav_starts_with_a_streaming_riff_header_followed_by_24_kHz_pcm(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);

        var chunks = await connection.SynthesizeAllAsync(new TtsRequest(TtsClients.Text, "en-us", "wav"));

        Assert.Equal("RIFF", Encoding.ASCII.GetString(chunks[0].Audio, 0, 4));
        Assert.Equal(WavHeader.Size + 1920, chunks[0].Audio.Length);
        Assert.All(chunks.Skip(1).SkipLast(1), c => Assert.Equal(1920, c.Audio.Length));
        using var reader = WavReader.Open(new MemoryStream(chunks.Audio()));
        Assert.Equal(new WavFormat(WavEncoding.Pcm, 24_000, 1, 16), reader.Format);
        Assert.Null(reader.DataBytes); // unknown length: players read to the end of the stream
        var audio = WavReader.ReadAllMono(new MemoryStream(chunks.Audio()));
        Assert.Equal((chunks.Audio().Length - WavHeader.Size) / 2, audio.Samples.Length);
        Assert.InRange(audio.Duration.TotalMilliseconds, 1_500, 5_000);
        Assert.True(Pcm16.RmsDbfs(audio.Samples) > -35);
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task Mulaw_sends_one_byte_per_sample_at_8_kHz(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);

        var chunks = await connection.SynthesizeAllAsync(new TtsRequest(TtsClients.Text, "en-us", "ulaw_8000"));

        Assert.All(chunks[..^1], c => Assert.Equal(320, c.Audio.Length)); // 40 ms at 8000 samples/s, one byte each
        var audio = chunks.Audio();
        // The stream's own clock (the last word ends with the audio) agrees with 8000 bytes per second.
        Assert.Equal(Math.Floor(audio.Length / 8.0), chunks.SelectMany(c => c.Words).Last().EndMs, 1.0);
        var decoded = MuLaw.Decode(audio);
        Assert.InRange(DurationMs(decoded.Length, 8_000), 1_500, 5_000);
        Assert.True(Pcm16.RmsDbfs(decoded) > -35);
    }

    public static TheoryData<TtsProtocol, string?, string?, string?, string?> InvalidRequests => new()
    {
        { TtsProtocol.Json, "Hello.", "en-us", "mp3", null },
        { TtsProtocol.MessagePack, "Hello.", "en-us", "pcm_44100", null },
        { TtsProtocol.Json, "Hello.", "en-us", null, null },
        { TtsProtocol.Json, "Hello.", "klingon-xx", "pcm_16000", null },
        { TtsProtocol.MessagePack, "Hello.", "", "pcm_16000", null },
        { TtsProtocol.Json, "", "en-us", "pcm_16000", null },
        { TtsProtocol.MessagePack, "   \n ", "en-us", "pcm_16000", null },
        { TtsProtocol.Json, null, "en-us", "pcm_16000", null },
        { TtsProtocol.Json, new string('a', 5_001), "en-us", "pcm_16000", null },
        { TtsProtocol.MessagePack, "Hello.", "en-us", "pcm_16000", "not-a-uuid" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Invalid_requests_are_refused_with_invalid_request_before_any_audio(
        TtsProtocol protocol, string? text, string? voice, string? format, string? deploymentId)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);

        var (code, chunks) = await TtsClients.StreamErrorAsync(
            connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest(text, voice, format, deploymentId)));

        Assert.Equal("invalid_request", code);
        Assert.Equal(0, chunks);
    }

    [Fact]
    public async Task Five_thousand_characters_are_allowed()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.MessagePack);
        var text = string.Concat(Enumerable.Repeat("Go. ", 1_250));

        await using var chunks = connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest(text, "en-us", "ulaw_8000")).GetAsyncEnumerator();

        Assert.True(await chunks.MoveNextAsync());
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task Voices_lists_the_engines_voices_in_more_than_100_languages_including_english(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);

        var voices = await connection.InvokeAsync<List<TtsVoice>>("Voices");

        Assert.True(voices.Select(v => v.Language).Distinct().Count() >= 100, $"only {voices.Count} voices");
        Assert.Contains(voices, v => v.Language.StartsWith("en", StringComparison.Ordinal));
        Assert.All(voices, v =>
        {
            Assert.False(string.IsNullOrEmpty(v.Id));
            Assert.False(string.IsNullOrEmpty(v.Name));
            Assert.Equal("espeak-ng", v.Engine);
        });
        var english = voices.First(v => v.Language == "en-us");
        var chunks = await connection.SynthesizeAllAsync(new TtsRequest("Hi.", english.Id, "pcm_16000"));
        Assert.True(chunks[^1].Final);
    }

    [Fact]
    public async Task A_messagepack_client_without_dotnet_types_sends_and_receives_camel_case_maps()
    {
        var key = await app.CreateKeyAsync();
        // What a JavaScript or Python client does: plain maps, no attributes, no C# names.
        await using var connection = app.TtsConnection(key.Key, TtsProtocol.MessagePack, configure: builder =>
            builder.AddMessagePackProtocol(o => o.SerializerOptions = MessagePackSerializerOptions.Standard.WithResolver(ContractlessStandardResolver.Instance)));
        await connection.StartAsync();
        var request = new Dictionary<string, object> { ["text"] = "Hello there.", ["voice"] = "en-us", ["format"] = "pcm_16000" };

        var chunks = new List<Dictionary<object, object>>();
        await foreach (var chunk in connection.StreamAsync<Dictionary<object, object>>("Synthesize", request))
        {
            chunks.Add(chunk);
        }

        Assert.All(chunks, c => Assert.Equal(["audio", "final", "seq", "words"], c.Keys.Cast<string>().Order(StringComparer.Ordinal)));
        Assert.IsType<byte[]>(chunks[0]["audio"]);
        Assert.Equal(true, chunks[^1]["final"]);
        var word = (Dictionary<object, object>)chunks.SelectMany(c => (object[])c["words"]).First();
        Assert.Equal(["endMs", "startMs", "word"], word.Keys.Cast<string>().Order(StringComparer.Ordinal));
        Assert.Equal("Hello", word["word"]);
        var voices = await connection.InvokeAsync<object[]>("Voices");
        Assert.Equal(["engine", "id", "language", "name"], ((Dictionary<object, object>)voices[0]).Keys.Cast<string>().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_json_client_receives_camel_case_chunks_with_base64_audio()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json);
        var request = new Dictionary<string, object> { ["text"] = "Hello there.", ["voice"] = "en-us", ["format"] = "pcm_16000" };

        var chunks = new List<JsonElement>();
        await foreach (var chunk in connection.StreamAsync<JsonElement>("Synthesize", request))
        {
            chunks.Add(chunk);
        }

        Assert.Equal(["seq", "audio", "words", "final"], chunks[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(1280, chunks[0].GetProperty("audio").GetBytesFromBase64().Length);
        var word = chunks.SelectMany(c => c.GetProperty("words").EnumerateArray()).First();
        Assert.Equal(["word", "startMs", "endMs"], word.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task Cancelling_a_stream_stops_it_and_leaves_the_engine_free_for_the_next_request(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);
        var longText = string.Concat(Enumerable.Repeat("This sentence is long enough to keep the engine busy for a while. ", 60));
        using var cancel = new CancellationTokenSource();

        int received = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest(longText, "en-us", "pcm_16000"), cancel.Token))
            {
                Assert.False(chunk.Final);
                if (++received == 3)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        // Chunks already on their way still arrive; the stream then ends without its final chunk, long before the
        // thousands of frames of the whole text (about four minutes of speech).
        Assert.InRange(received, 3, 1_000);
        var next = await connection.SynthesizeAllAsync(new TtsRequest("Still here.", "en-us", "pcm_16000"));
        Assert.True(next[^1].Final);
        Assert.Equal(0, next[0].Seq);
    }

    [Fact]
    public async Task Browsers_can_pass_the_key_as_access_token_and_long_polling_works()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json, HttpTransportType.LongPolling, keyInQuery: true);

        var chunks = await connection.SynthesizeAllAsync(new TtsRequest("Hello.", "en-us", "pcm_16000"));

        Assert.True(chunks[^1].Final);
        Assert.True(chunks.Audio().Length > 0);
    }

    [Fact]
    public async Task Metrics_report_time_to_first_audio_streams_characters_and_audio_seconds_by_engine()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json);
        await connection.SynthesizeAllAsync(new TtsRequest("Hello.", "en-us", "pcm_16000"));

        var metrics = await app.CreateClient().GetStringAsync("/metrics");

        Assert.Contains("voiceflow_tts_time_to_first_audio_seconds_bucket{engine=\"espeak-ng\"", metrics, StringComparison.Ordinal);
        Assert.Contains("voiceflow_tts_active_streams{engine=\"espeak-ng\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("voiceflow_tts_characters_total{engine=\"espeak-ng\"}", metrics, StringComparison.Ordinal);
        Assert.Contains("voiceflow_tts_audio_seconds_total{engine=\"espeak-ng\"}", metrics, StringComparison.Ordinal);
    }
}
