using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Synthesis;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Audio.Synthesis.Espeak.Processes;
using VoiceFlow.Server.Infrastructure.Hosting;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>espeak-ng in child processes: the same speech as in-process, fair turns, and a crash that costs one stream.</summary>
public sealed class EngineProcessPoolTests(EngineProcessesApp app) : IClassFixture<EngineProcessesApp>
{
    private const string Text = "Héllo wörld. Second sentence, with a comma! And a third one to finish.";

    private static CancellationToken TestToken => TestContext.Current.CancellationToken;

    private static string LongText => string.Concat(Enumerable.Repeat("This long passage keeps the engine busy for a while, one sentence after another. ", 40));

    private static EspeakProcessPoolOptions PoolOf(int processes, string? host = null) => new()
    {
        Processes = processes,
        StartInfo = () => EspeakEngineHost.StartInfo(TtsWorkerFiles.FindDotnet(""), host ?? TtsWorkerFiles.FindWorker("")!),
    };

    [Fact]
    public void The_server_runs_the_configured_number_of_engine_processes()
    {
        var engine = app.Services.GetRequiredService<ISpeechEngine>();

        var pool = Assert.IsType<EspeakProcessPool>(engine);
        Assert.Equal(2, pool.ProcessIds.Count);
        Assert.All(pool.ProcessIds, id => Assert.False(Process.GetProcessById(id).HasExited));
    }

    [Fact]
    public async Task The_pool_speaks_like_the_in_process_engine_with_the_same_words_and_timing()
    {
        await using var pool = await EspeakProcessPool.StartAsync(PoolOf(2), TestToken);
        using var local = new EspeakEngine();

        var pooled = await CollectAsync(pool.SynthesizeAsync(Text, "en-us", new SpeechOptions(1.3), TestToken));
        var inProcess = await CollectAsync(local.SynthesizeAsync(Text, "en-us", new SpeechOptions(1.3), TestToken));

        Assert.Equal(local.SampleRate, pool.SampleRate);
        Assert.Equal(local.ListVoices().Select(v => v.Id), pool.ListVoices().Select(v => v.Id));
        Assert.All(pooled.Zip(pooled.Skip(1)), p => Assert.Equal(p.First.StartSample + p.First.Samples.Length, p.Second.StartSample));

        // espeak-ng carries a little state from one clause to the next, and a pooled sentence may run in another
        // process: the pause before a clause (after a full stop or a comma) may differ by tens of milliseconds (the
        // whole length is checked below), and within a clause the words fall within a few milliseconds, not to the
        // sample.
        var expectedWords = inProcess.SelectMany(c => c.Words).ToList();
        var actualWords = pooled.SelectMany(c => c.Words).ToList();
        Assert.Equal(expectedWords.Select(w => (w.Text, w.TextOffset, w.TextLength)), actualWords.Select(w => (w.Text, w.TextOffset, w.TextLength)));
        Assert.All(expectedWords.Zip(actualWords), p => Assert.InRange(
            p.Second.StartMs - ClauseStartMs(actualWords, p.Second) - (p.First.StartMs - ClauseStartMs(expectedWords, p.First)), -50, 50));
        short[] expected = [.. inProcess.SelectMany(c => c.Samples)];
        short[] actual = [.. pooled.SelectMany(c => c.Samples)];
        Assert.InRange(actual.Length, expected.Length * 0.97, expected.Length * 1.03);
        Assert.InRange(Pcm16.RmsDbfs(actual) - Pcm16.RmsDbfs(expected), -1, 1);
    }

    /// <summary>When the clause holding <paramref name="word"/> starts: the time of its first word.</summary>
    private static double ClauseStartMs(List<WordEvent> words, WordEvent word) =>
        words.First(w => Clause(w) == Clause(word)).StartMs;

    private static int Clause(WordEvent word) => Text[..word.TextOffset].Count(c => c is '.' or '!' or '?' or ',');

    [Fact]
    public async Task A_short_request_is_served_between_the_sentences_of_a_long_one()
    {
        await using var pool = await EspeakProcessPool.StartAsync(PoolOf(1), TestToken);
        await using var longRequest = pool.SynthesizeAsync(LongText, "en-us", cancellationToken: TestToken).GetAsyncEnumerator(TestToken);
        Assert.True(await longRequest.MoveNextAsync());

        var shortRequest = await CollectAsync(pool.SynthesizeAsync("Me first.", "en-us", cancellationToken: TestToken));

        // The long text (40 sentences) is still being synthesized when the short one has all its audio.
        Assert.NotEmpty(shortRequest);
        long longSamples = 0;
        while (await longRequest.MoveNextAsync())
        {
            longSamples += longRequest.Current.Samples.Length;
        }

        Assert.True(longSamples > 30 * pool.SampleRate, $"the long text should still have had most of its audio to come ({longSamples} samples)");
    }

    [Fact]
    public async Task A_crashed_engine_process_fails_only_its_stream_and_is_replaced()
    {
        await using var pool = await EspeakProcessPool.StartAsync(PoolOf(1), TestToken);
        int victim = pool.ProcessIds.Single();
        await using var running = pool.SynthesizeAsync(LongText, "en-us", cancellationToken: TestToken).GetAsyncEnumerator(TestToken);
        Assert.True(await running.MoveNextAsync());

        Process.GetProcessById(victim).Kill();

        var failure = await Assert.ThrowsAsync<SpeechEngineException>(async () =>
        {
            while (await running.MoveNextAsync())
            {
            }
        });
        Assert.Equal(SpeechErrorCodes.SynthesisFailed, failure.Code);
        Assert.Contains("engine process stopped", failure.Message, StringComparison.Ordinal);
        var after = await CollectAsync(pool.SynthesizeAsync("Back again.", "en-us", cancellationToken: TestToken));
        Assert.NotEmpty(after.SelectMany(c => c.Samples));
        Assert.NotEqual(victim, pool.ProcessIds.Single());
    }

    [Fact]
    public async Task A_host_that_cannot_run_stops_the_start_with_a_clear_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), TtsWorkerFiles.WorkerDll);

        var error = await Assert.ThrowsAsync<SpeechEngineException>(() => EspeakProcessPool.StartAsync(PoolOf(1, missing), TestToken));

        Assert.Equal(SpeechErrorCodes.EngineUnavailable, error.Code);
        Assert.Contains("engine process", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_voice_is_refused_before_anything_is_queued()
    {
        await using var pool = await EspeakProcessPool.StartAsync(PoolOf(1), TestToken);

        var error = Assert.Throws<SpeechEngineException>(() => pool.SynthesizeAsync("Hi.", "no-such-voice", cancellationToken: TestToken));

        Assert.Equal(SpeechErrorCodes.InvalidVoice, error.Code);
    }

    private static async Task<List<SynthesisChunk>> CollectAsync(IAsyncEnumerable<SynthesisChunk> chunks)
    {
        var list = new List<SynthesisChunk>();
        await foreach (var chunk in chunks)
        {
            list.Add(chunk);
        }

        return list;
    }
}
