using System.Collections.Concurrent;
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
        await using var take = await HeldTake.StartAsync(app);
        await TakeChunks.WaitUntilAsync(() => take.Feedback.Count >= 3, "Feedback");
        Assert.False(take.Result.IsCompleted);
        take.Verdict.SetResult(true);

        var result = await take.Result;
        Assert.Equal("pending", result.Status);
        Assert.InRange(result.DurationMs, 1480, 1520);
    }

    [Fact]
    public async Task A_take_refused_after_its_first_feedback_keeps_nothing()
    {
        var files = app.StoredAudioFiles();
        await using var take = await HeldTake.StartAsync(app);
        await TakeChunks.WaitUntilAsync(() => !take.Feedback.IsEmpty, "Feedback");
        take.Verdict.SetResult(false);

        var error = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => take.Result);
        Assert.Equal("conflict", error.Code());
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE contributor_id = '{take.Contributor.Id}'"));
        Assert.Equal(files, app.StoredAudioFiles());
    }

    /// <summary>A new contributor streaming 1.5 s of a spoken-level tone while the node holds the take's admission.</summary>
    private sealed record HeldTake(
        HubConnection Hub, TestContributor Contributor, TaskCompletionSource<bool> Verdict, ConcurrentQueue<RecordingFeedback> Feedback, Task<RecordingResult> Result)
        : IAsyncDisposable
    {
        public static async Task<HeldTake> StartAsync(SlowAdmissionApp app)
        {
            await app.SeedAsync();
            var contributor = await app.SignUpContributorAsync(["en"]);
            var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, contributor.AccessToken);
            var verdict = app.HoldNextTake(contributor.Id);
            var feedback = new ConcurrentQueue<RecordingFeedback>();
            hub.On<RecordingFeedback>(RecordingHubContract.Feedback, feedback.Enqueue);
            var result = hub.InvokeAsync<RecordingResult>("Record", new RecordStart(await contributor.FirstPromptAsync(), Rate, "pcm_s16le"),
                TakeChunks.Of(TestSignals.Sine(220, 1500, Rate, -20), Rate));
            return new HeldTake(hub, contributor, verdict, feedback, result);
        }

        public ValueTask DisposeAsync() => Hub.DisposeAsync();
    }
}
