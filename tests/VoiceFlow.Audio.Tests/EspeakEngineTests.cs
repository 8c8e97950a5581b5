using System.Diagnostics;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Synthesis.Espeak;

namespace VoiceFlow.Audio.Tests;

public class EspeakEngineTests(SpeechFixture speech)
{
    private const string Sentence = "Hello world, this is a short test of the speech engine.";

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    private static string LongText => string.Concat(Enumerable.Repeat(
        "This long passage keeps the engine busy for a while, one sentence after another. ", 25));

    [Fact]
    public async Task A_sentence_produces_non_silent_audio_of_plausible_length()
    {
        var engine = speech.RequireEngine();
        var chunks = await Collect(engine.SynthesizeAsync(Sentence, "en-us", cancellationToken: TestToken));
        short[] audio = chunks.SelectMany(c => c.Samples).ToArray();

        Assert.Equal(22050, engine.SampleRate);
        Assert.All(chunks, c => Assert.Equal(engine.SampleRate, c.SampleRate));
        int words = Sentence.Split(' ').Length;
        double seconds = audio.Length / (double)engine.SampleRate;
        Assert.InRange(seconds, 0.2 * words, 1.0 * words);
        Assert.InRange(Pcm16.RmsDbfs(audio), -40, -3);
        Assert.True(chunks.Count > 5, "audio should stream in several chunks");
        Assert.Equal(0, chunks[0].StartSample);
        Assert.All(chunks.Zip(chunks.Skip(1)), p => Assert.Equal(p.First.StartSample + p.First.Samples.Length, p.Second.StartSample));
    }

    [Fact]
    public async Task Word_events_are_monotonic_inside_the_audio_and_point_at_the_text()
    {
        var engine = speech.RequireEngine();
        const string text = "Héllo wörld. Second sentence, with a comma!";
        var chunks = await Collect(engine.SynthesizeAsync(text, "en-us", cancellationToken: TestToken));
        long total = chunks.Sum(c => (long)c.Samples.Length);
        var words = chunks.SelectMany(c => c.Words).ToList();

        Assert.Equal(["Héllo", "wörld", "Second", "sentence", "with", "a", "comma"], words.Select(w => w.Text));
        Assert.All(words, w => Assert.Equal(w.Text, text.Substring(w.TextOffset, w.TextLength)));
        Assert.All(words, w => Assert.InRange(w.StartSample, 0, total - 1));
        Assert.All(words.Zip(words.Skip(1)), p => Assert.True(p.Second.StartSample > p.First.StartSample));
        Assert.All(words, w => Assert.Equal(w.StartSample * 1000.0 / engine.SampleRate, w.StartMs, 6));

        // Each word arrives with (or before) the chunk that contains its first sample.
        foreach (var chunk in chunks.Where(c => c.Words.Count > 0 && c.Samples.Length > 0))
        {
            Assert.All(chunk.Words, w => Assert.True(w.StartSample < chunk.StartSample + chunk.Samples.Length));
        }
    }

    [Fact]
    public void Voices_cover_at_least_100_languages_including_english()
    {
        var voices = speech.RequireEngine().ListVoices();
        var languages = voices.SelectMany(v => v.Languages).Distinct().ToList();

        Assert.True(languages.Count >= 100, $"{languages.Count} languages");
        Assert.Contains("en-us", languages);
        var american = Assert.Single(voices, v => v.Id == "gmw/en-US");
        Assert.Equal("en-us", american.Language);
        Assert.Contains("English", american.Name, StringComparison.Ordinal);
        Assert.All(voices, v => Assert.False(string.IsNullOrEmpty(v.Id)));
    }

    [Theory]
    [InlineData("gmw/en-US")]
    [InlineData("English (America)")]
    [InlineData("de")]
    [InlineData("en-us+f3")]
    public async Task Voices_can_be_chosen_by_id_name_language_or_variant(string voice)
    {
        var chunks = await Collect(speech.RequireEngine().SynthesizeAsync("Eins zwei drei.", voice, cancellationToken: TestToken));
        Assert.True(chunks.Sum(c => c.Samples.Length) > 5000);
    }

    [Fact]
    public async Task An_unknown_voice_is_a_clear_error()
    {
        var engine = speech.RequireEngine();
        var error = await Assert.ThrowsAsync<SpeechEngineException>(
            async () => await Collect(engine.SynthesizeAsync(Sentence, "xx-not-a-voice", cancellationToken: TestToken)));

        Assert.Equal(SpeechErrorCodes.InvalidVoice, error.Code);
        Assert.Contains("xx-not-a-voice", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_stops_the_stream_early_and_frees_the_engine()
    {
        var engine = speech.RequireEngine();
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestToken);
        long received = 0;
        var stopwatch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in engine.SynthesizeAsync(LongText, "en-us", cancellationToken: cancellation.Token))
            {
                received += chunk.Samples.Length;
                if (received > engine.SampleRate)
                {
                    await cancellation.CancelAsync();
                }
            }
        });

        // The whole text is well over a minute of audio; we stopped after about a second of it.
        Assert.InRange(received / (double)engine.SampleRate, 1, 5);

        var next = await Collect(engine.SynthesizeAsync("Next.", "en-us", cancellationToken: TestToken));
        Assert.NotEmpty(next);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Abandoning_the_enumeration_stops_synthesis()
    {
        var engine = speech.RequireEngine();
        await foreach (var _ in engine.SynthesizeAsync(LongText, "en-us", cancellationToken: TestToken))
        {
            break;
        }

        var next = await Collect(engine.SynthesizeAsync("Still working.", "en-us", cancellationToken: TestToken));
        Assert.NotEmpty(next);
    }

    [Fact]
    public async Task A_short_request_finishes_before_a_long_one_started_earlier()
    {
        var engine = speech.RequireEngine();
        var finished = new List<string>();
        var longStarted = new TaskCompletionSource();

        async Task Run(string name, string text, TaskCompletionSource? started)
        {
            await foreach (var _ in engine.SynthesizeAsync(text, "en-us", cancellationToken: TestToken))
            {
                started?.TrySetResult();
            }

            lock (finished)
            {
                finished.Add(name);
            }
        }

        var longTask = Run("long", LongText, longStarted);
        await longStarted.Task.WaitAsync(TestToken);
        var shortTask = Run("short", "Short one.", null);
        await Task.WhenAll(longTask, shortTask);

        Assert.Equal(["short", "long"], finished);
    }

    [Fact]
    public async Task Speed_changes_the_speaking_rate()
    {
        var engine = speech.RequireEngine();
        var normal = await Collect(engine.SynthesizeAsync(Sentence, "en-us", cancellationToken: TestToken));
        var fast = await Collect(engine.SynthesizeAsync(Sentence, "en-us", new SpeechOptions(Speed: 2), TestToken));

        Assert.True(fast.Sum(c => c.Samples.Length) < 0.7 * normal.Sum(c => c.Samples.Length));
    }

    [Fact]
    public void Missing_library_error_names_the_library_and_the_debian_package()
    {
        var error = EspeakEngine.MissingLibraryError();
        Assert.Equal(SpeechErrorCodes.EngineUnavailable, error.Code);
        Assert.Contains("libespeak-ng.so.1", error.Message, StringComparison.Ordinal);
        Assert.Contains("libespeak-ng1", error.Message, StringComparison.Ordinal);
    }

    private static async Task<List<SynthesisChunk>> Collect(IAsyncEnumerable<SynthesisChunk> stream)
    {
        var chunks = new List<SynthesisChunk>();
        await foreach (var chunk in stream)
        {
            chunks.Add(chunk);
        }

        return chunks;
    }
}
