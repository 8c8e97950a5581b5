using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

public sealed class RecordingHubTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private const int Rate = 16000;

    private static readonly Lazy<Task<short[]>> Speech = new(async () =>
    {
        using var engine = new EspeakEngine();
        var speech = await TestSignals.SpeechAsync(engine, "A recording studio needs a quiet room and a good microphone.", Rate);
        return TestSignals.ScaleToActiveLevel(TestSignals.Concat(TestSignals.Silence(400, Rate), speech, TestSignals.Silence(400, Rate)), Rate, -20);
    });

    private sealed record Contributor(string AccessToken, Guid Id, Guid PromptId);

    private async Task<Contributor> ContributorAsync()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        return new Contributor(contributor.AccessToken, contributor.Id, await contributor.FirstPromptAsync());
    }

    private static IAsyncEnumerable<byte[]> Raw(params byte[][] chunks) => TakeChunks.Items(chunks);

    private async Task<(RecordingResult Result, List<RecordingFeedback> Feedback)> RecordAsync(
        short[] samples, HubProtocol protocol = HubProtocol.MessagePack, int rate = Rate, int chunkMs = 20, Contributor? who = null)
    {
        who ??= await ContributorAsync();
        await using var hub = await app.ConnectAsync(RecordingHubContract.Path, protocol, who.AccessToken);
        var feedback = new ConcurrentQueue<RecordingFeedback>();
        hub.On<RecordingFeedback>(RecordingHubContract.Feedback, feedback.Enqueue);
        var result = await hub.InvokeAsync<RecordingResult>("Record", new RecordStart(who.PromptId, rate, "pcm_s16le"), TakeChunks.Of(samples, rate, chunkMs));
        // The client runs message handlers on their own loop, which may trail the invocation's completion on a busy
        // machine: the server sends the take's last Feedback before the result, so wait for it to be handled.
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!feedback.Any(f => f.DurationMs >= result.DurationMs - 1) && DateTime.UtcNow < until)
        {
            await Task.Delay(20);
        }

        return (result, feedback.ToList());
    }

    [Theory]
    [InlineData(HubProtocol.Json)]
    [InlineData(HubProtocol.MessagePack)]
    public async Task A_clean_take_is_stored_queued_and_answered_with_live_feedback(HubProtocol protocol)
    {
        var speech = await Speech.Value;

        var (result, feedback) = await RecordAsync(speech, protocol);

        Assert.Equal("pending", result.Status);
        var expectedMs = speech.Length * 1000L / Rate;
        Assert.InRange(result.DurationMs, expectedMs - 25, expectedMs + 25);
        Assert.True(result.LiveScore >= 50, $"live score {result.LiveScore}");
        Assert.Equal(Enumerable.Range(1, feedback.Count), feedback.Select(f => f.Seq));
        Assert.True(feedback.Count >= expectedMs / 250, $"{feedback.Count} feedback messages for {expectedMs} ms");
        Assert.All(feedback.Zip(feedback.Skip(1)), pair => Assert.InRange(pair.Second.AtMs - pair.First.AtMs, 0, 250));
        Assert.Contains(feedback, f => f.Speaking);
        Assert.DoesNotContain(feedback[^1].Warnings, w => w is "clipping" or "no_speech" or "too_quiet" or "noisy");
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE id = '{result.RecordingId}' AND status = 'Pending'"));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM analysis_jobs WHERE recording_id = '{result.RecordingId}'"));
    }

    [Fact]
    public async Task A_48_khz_take_is_stored_as_16_khz_wav_of_the_streamed_duration()
    {
        var speech = StreamingResampler.Resample(await Speech.Value, Rate, 48000);

        var (result, _) = await RecordAsync(speech, rate: 48000, chunkMs: 100);

        var key = await app.Database.ScalarAsync<string>($"SELECT audio_key FROM recordings WHERE id = '{result.RecordingId}'");
        await using var file = File.OpenRead(Path.Combine(app.DataDirectory, "audio", key!));
        var audio = WavReader.ReadAllMono(file);
        Assert.Equal(16000, audio.SampleRate);
        Assert.InRange(audio.Samples.Length * 1000L / 16000, result.DurationMs - 20, result.DurationMs + 20);
    }

    public static TheoryData<string, string> BadTakes => new() { { "noisy", "noisy" }, { "clipped", "clipping" }, { "silent", "no_speech" }, { "quiet", "too_quiet" } };

    [Theory]
    [MemberData(nameof(BadTakes))]
    public async Task Feedback_tells_a_bad_take_from_a_good_one(string kind, string warning)
    {
        var speech = await Speech.Value;
        var take = kind switch
        {
            "noisy" => TestSignals.Add(speech, TestSignals.WhiteNoise(speech.Length * 1000.0 / Rate, Rate, -38)),
            "clipped" => TestSignals.Clip(speech, 18),
            "silent" => TestSignals.Silence(3000, Rate),
            _ => TestSignals.ScaleToActiveLevel(speech, Rate, -50),
        };

        var (result, feedback) = await RecordAsync(take);

        Assert.Contains(warning, feedback[^1].Warnings);
        Assert.True(result.LiveScore < 70, $"live score {result.LiveScore} for a {kind} take");
    }

    [Fact]
    public async Task A_take_past_the_prompts_limit_is_stopped_with_too_long_and_not_kept()
    {
        var who = await ContributorAsync();
        var target = await app.Database.ScalarAsync<int>($"SELECT target_duration_seconds FROM prompts WHERE id = '{who.PromptId}'");
        var tooLong = TestSignals.WhiteNoise(((target * 2) + 5) * 1000, Rate, -60);
        var files = app.StoredAudioFiles();

        var error = await Assert.ThrowsAsync<HubException>(() => RecordAsync(tooLong, chunkMs: 250, who: who));

        Assert.Equal("too_long", error.Code());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE contributor_id = '{who.Id}'"));
        Assert.Equal(files, app.StoredAudioFiles());
    }

    [Fact]
    public async Task Every_bad_input_gets_its_code_and_leaves_nothing_behind()
    {
        var who = await ContributorAsync();
        await using var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, who.AccessToken);
        var files = app.StoredAudioFiles();
        var twentyMs = new byte[640];

        async Task<string> Fails(RecordStart start, IAsyncEnumerable<byte[]> audio) =>
            (await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<RecordingResult>("Record", start, audio))).Code();

        Assert.Equal("invalid_format", await Fails(new RecordStart(who.PromptId, Rate, "pcm_s16le"), Raw(twentyMs, new byte[641])));
        Assert.Equal("invalid_format", await Fails(new RecordStart(who.PromptId, Rate, "pcm_s16le"), Raw(new byte[Rate * 2 * 300 / 1000])));
        Assert.Equal("invalid_format", await Fails(new RecordStart(who.PromptId, Rate, "pcm_s16le"), Raw(new byte[100])));
        Assert.Equal("invalid_format", await Fails(new RecordStart(who.PromptId, 4000, "pcm_s16le"), Raw(twentyMs)));
        Assert.Equal("invalid_format", await Fails(new RecordStart(who.PromptId, Rate, "opus"), Raw(twentyMs)));
        Assert.Equal("not_found", await Fails(new RecordStart(Guid.NewGuid(), Rate, "pcm_s16le"), Raw(twentyMs)));
        Assert.Equal("invalid_format", await Fails(new RecordStart(who.PromptId, Rate, "pcm_s16le"), TakeChunks.Items<byte[]>(twentyMs, null!)));

        // In JSON a chunk is base64 text; anything else is refused with the same code.
        await using var json = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.Json, who.AccessToken);
        async Task<string> JsonFails(IAsyncEnumerable<object> audio) =>
            (await Assert.ThrowsAsync<HubException>(() => json.InvokeAsync<RecordingResult>("Record", new RecordStart(who.PromptId, Rate, "pcm_s16le"), audio))).Code();
        Assert.Equal("invalid_format", await JsonFails(TakeChunks.Items<object>(Convert.ToBase64String(twentyMs), "not base64 at all")));
        Assert.Equal("invalid_format", await JsonFails(TakeChunks.Items<object>(Convert.ToBase64String(twentyMs), 12345)));

        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE contributor_id = '{who.Id}'"));
        Assert.Equal(files, app.StoredAudioFiles());
    }

    [Fact]
    public async Task A_second_take_at_the_same_time_is_refused()
    {
        var who = await ContributorAsync();
        await using var first = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, who.AccessToken);
        await using var second = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.Json, who.AccessToken);
        var release = new TaskCompletionSource();
        var firstStarted = new TaskCompletionSource();
        var speech = await Speech.Value;
        var running = first.InvokeAsync<RecordingResult>("Record", new RecordStart(who.PromptId, Rate, "pcm_s16le"),
            TakeChunks.Of(speech, Rate, 20, async index =>
            {
                if (index == 5)
                {
                    firstStarted.TrySetResult();
                    await release.Task;
                }
            }));
        await firstStarted.Task;
        await Task.Delay(200);

        var error = await Assert.ThrowsAsync<HubException>(() =>
            second.InvokeAsync<RecordingResult>("Record", new RecordStart(who.PromptId, Rate, "pcm_s16le"), TakeChunks.Of(speech, Rate, 20)));
        release.SetResult();

        Assert.Equal("conflict", error.Code());
        Assert.Equal("pending", (await running).Status);
    }

    [Fact]
    public async Task A_client_that_disconnects_mid_take_leaves_no_recording_and_no_audio()
    {
        var who = await ContributorAsync();
        var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, who.AccessToken);
        var files = app.StoredAudioFiles();
        var halfway = new TaskCompletionSource();
        var speech = await Speech.Value;
        var take = hub.InvokeAsync<RecordingResult>("Record", new RecordStart(who.PromptId, Rate, "pcm_s16le"),
            TakeChunks.Of(speech, Rate, 20, async index =>
            {
                if (index == 20)
                {
                    halfway.TrySetResult();
                    await Task.Delay(Timeout.Infinite);
                }
            }));
        await halfway.Task;
        await Task.Delay(300);

        await hub.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => take);
        await Task.Delay(500);

        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE contributor_id = '{who.Id}'"));
        Assert.Equal(files, app.StoredAudioFiles());
        // The contributor can record again right away.
        Assert.Equal("pending", (await RecordAsync(speech, who: who)).Result.Status);
    }

    [Fact]
    public async Task Only_contributors_can_connect()
    {
        var developer = await app.CreateClient().SignUpAsync();

        await Assert.ThrowsAnyAsync<Exception>(() => app.ConnectAsync(RecordingHubContract.Path, HubProtocol.Json, developer.AccessToken));
        await Assert.ThrowsAnyAsync<Exception>(() => app.ConnectAsync(RecordingHubContract.Path, HubProtocol.Json, accessToken: null));
    }
}
