using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>A node whose one-take-at-a-time check answers only when a test says so, as a busy Redis would answer late.</summary>
public sealed class SlowAdmissionApp : VoiceFlowApp
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource<bool>> _verdicts = new();

    /// <summary>The next take of <paramref name="contributorId"/> waits for this: true grants it, false finds another take running.</summary>
    public TaskCompletionSource<bool> HoldNextTake(Guid contributorId) =>
        _verdicts[contributorId] = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IActiveTakes>(new HeldActiveTakes(_verdicts)));
    }

    private sealed class HeldActiveTakes(ConcurrentDictionary<Guid, TaskCompletionSource<bool>> verdicts) : IActiveTakes
    {
        public async Task<IAsyncDisposable?> TryBeginAsync(Guid contributorId) =>
            verdicts.TryRemove(contributorId, out var verdict) && !await verdict.Task ? null : new NoLease();

        private sealed class NoLease : IAsyncDisposable
        {
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}

public sealed class SlowAdmissionTests(SlowAdmissionApp app) : IClassFixture<SlowAdmissionApp>
{
    private const int Rate = 16000;

    [Fact]
    public async Task Feedback_flows_while_the_take_is_still_being_admitted()
    {
        var (hub, contributor) = await ConnectAsync();
        await using var _ = hub;
        var verdict = app.HoldNextTake(contributor.Id);
        var feedback = new ConcurrentQueue<RecordingFeedback>();
        hub.On<RecordingFeedback>(RecordingHubContract.Feedback, feedback.Enqueue);

        var take = hub.InvokeAsync<RecordingResult>("Record", new RecordStart(await contributor.FirstPromptAsync(), Rate, "pcm_s16le"), Tone(1500));
        await WaitUntilAsync(() => feedback.Count >= 3);
        Assert.False(take.IsCompleted);
        verdict.SetResult(true);

        var result = await take;
        Assert.Equal("pending", result.Status);
        Assert.InRange(result.DurationMs, 1480, 1520);
    }

    [Fact]
    public async Task A_take_refused_after_its_first_feedback_keeps_nothing()
    {
        var (hub, contributor) = await ConnectAsync();
        await using var _ = hub;
        var verdict = app.HoldNextTake(contributor.Id);
        var feedback = new ConcurrentQueue<RecordingFeedback>();
        hub.On<RecordingFeedback>(RecordingHubContract.Feedback, feedback.Enqueue);
        var files = app.StoredAudioFiles();

        var take = hub.InvokeAsync<RecordingResult>("Record", new RecordStart(await contributor.FirstPromptAsync(), Rate, "pcm_s16le"), Tone(1500));
        await WaitUntilAsync(() => !feedback.IsEmpty);
        verdict.SetResult(false);

        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => take);
        Assert.Equal("conflict", error.Code());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE contributor_id = '{contributor.Id}'"));
        Assert.Equal(files, app.StoredAudioFiles());
    }

    private async Task<(HubConnection Hub, TestContributor Contributor)> ConnectAsync()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        return (await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, contributor.AccessToken), contributor);
    }

    /// <summary>A spoken-level tone in 20 ms chunks, sent as fast as the connection takes them.</summary>
    private static async IAsyncEnumerable<byte[]> Tone(int milliseconds)
    {
        var samples = TestSignals.Sine(220, milliseconds, Rate, -20);
        for (var offset = 0; offset < samples.Length; offset += Rate / 50)
        {
            await Task.Yield();
            yield return MemoryMarshal.AsBytes(samples.AsSpan(offset, Math.Min(Rate / 50, samples.Length - offset))).ToArray();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(10);
        }
    }
}
