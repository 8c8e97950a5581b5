using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace VoiceFlow.Server.Tests.Quality.Transcription;

/// <summary>The real Whisper runtime with a tiny model, set up the way the server sets it up.</summary>
public sealed class WhisperTranscriberTests
{
    [Fact]
    public async Task The_configured_model_loads_and_transcribes_two_seconds_of_audio()
    {
        using var host = await TranscriptionHost.StartWithTestModelAsync();
        var transcriber = host.Transcriber();

        var text = await transcriber.TranscribeAsync(TranscriptionHost.Audio(2), "en-US", CancellationToken.None);

        Assert.True(transcriber.IsAvailable);
        Assert.Equal(Path.GetFileNameWithoutExtension(TranscriptionHost.TestModelPath), transcriber.ModelName);
        Assert.NotNull(text);
        Assert.Equal(text.Trim(), text);
    }

    [Fact]
    public async Task Empty_audio_is_an_empty_transcript()
    {
        using var host = await TranscriptionHost.StartWithTestModelAsync();

        Assert.Equal("", await host.Transcriber().TranscribeAsync(ReadOnlyMemory<float>.Empty, "en", CancellationToken.None));
    }

    [Fact]
    public async Task Calls_beyond_the_concurrency_limit_wait_their_turn_and_all_complete()
    {
        using var host = await TranscriptionHost.StartWithTestModelAsync(maxConcurrency: 2);
        var transcriber = host.Transcriber();
        var audio = TranscriptionHost.Audio(2);

        var texts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => transcriber.TranscribeAsync(audio, "en", CancellationToken.None)))
            .WaitAsync(TimeSpan.FromMinutes(2));

        Assert.Equal(5, texts.Length);
        Assert.All(texts, Assert.NotNull);
    }

    [Fact]
    public async Task Cancelling_a_running_transcription_stops_it_and_the_next_one_still_works()
    {
        using var host = await TranscriptionHost.StartWithTestModelAsync(maxConcurrency: 1);
        var transcriber = host.Transcriber();
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var clock = Stopwatch.StartNew();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transcriber.TranscribeAsync(TranscriptionHost.Audio(60), "en", cancellation.Token));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Cancellation took {clock.Elapsed}.");
        var text = await transcriber.TranscribeAsync(TranscriptionHost.Audio(2), "en", CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(1));
        Assert.NotNull(text);
    }

    [Fact]
    public async Task A_caller_waiting_for_a_free_processor_can_give_up()
    {
        using var host = await TranscriptionHost.StartWithTestModelAsync(maxConcurrency: 1);
        var transcriber = host.Transcriber();
        using var stopFirst = new CancellationTokenSource();
        var first = transcriber.TranscribeAsync(TranscriptionHost.Audio(60), "en", stopFirst.Token);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => transcriber.TranscribeAsync(TranscriptionHost.Audio(2), "en", giveUp.Token));

        Assert.False(first.IsCompleted);
        await stopFirst.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
    }

    [Fact]
    public async Task A_language_the_model_does_not_know_is_refused()
    {
        using var host = await TranscriptionHost.StartWithTestModelAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => host.Transcriber().TranscribeAsync(TranscriptionHost.Audio(1), "xx-YY", CancellationToken.None));
    }

    [Fact]
    public async Task Stopping_the_host_after_transcribing_releases_the_model_cleanly()
    {
        var host = await TranscriptionHost.StartWithTestModelAsync();
        await host.Transcriber().TranscribeAsync(TranscriptionHost.Audio(1), "en", CancellationToken.None);

        await host.StopAsync();
        await ((IAsyncDisposable)host).DisposeAsync();
    }
}
