using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tests.Quality;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>Two nodes sharing an S3-compatible bucket: one stores takes, the other scores them.</summary>
public sealed class S3AudioApp : QualityApp
{
    public S3StandIn Bucket { get; } = new();

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => base.Settings.Concat(
    [
        new("Quality:Workers", "0"),
        new("AudioStore:Provider", "s3"),
        new("AudioStore:S3:ServiceUrl", Bucket.Url),
        new("AudioStore:S3:Bucket", "takes"),
        new("AudioStore:S3:Prefix", "voiceflow/"),
        new("AudioStore:S3:AccessKey", S3StandIn.AccessKey),
        new("AudioStore:S3:SecretKey", S3StandIn.SecretKey),
    ]);

    public override async ValueTask InitializeAsync()
    {
        await Bucket.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Bucket.DisposeAsync();
    }
}

public sealed class S3AudioStoreTests(S3AudioApp app) : IClassFixture<S3AudioApp>
{
    private async Task<TestContributor> ContributorAsync()
    {
        await app.SeedAsync();
        return await app.SignUpContributorAsync(["en"]);
    }

    [Fact]
    public async Task A_take_stored_in_the_bucket_is_scored_by_another_node_and_plays_from_the_bucket()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = prompt.Text;
        var take = await GeneratedTakes.CleanAsync();

        var id = await contributor.UploadAsync(prompt.Id, take);

        var stored = app.Bucket.Objects.Single(o => o.Key.Contains($"{id:N}", StringComparison.Ordinal));
        Assert.StartsWith($"takes/voiceflow/recordings/", stored.Key);
        Assert.Equal("RIFF"u8.ToArray(), stored.Value[..4]);
        Assert.Equal(take.Length * 2, stored.Value.Length - 44);
        Assert.Equal(0, app.StoredAudioFiles());

        await using var scorer = app.SecondNode(new KeyValuePair<string, string?>("Quality:Workers", "1"));
        _ = scorer.Services;
        var view = await contributor.DecidedAsync(id);
        Assert.NotEqual("pending", view.GetProperty("status").GetString());
        Assert.True(view.GetProperty("qualityScore").GetInt32() > 0);

        var played = await app.CreateClient().GetAsync(view.GetProperty("playbackUrl").GetString());
        Assert.Equal(HttpStatusCode.OK, played.StatusCode);
        Assert.Equal(stored.Value, await played.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_take_abandoned_mid_stream_never_reaches_the_bucket()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        var objectsBefore = app.Bucket.Objects.Count;
        var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, contributor.AccessToken);
        var feedback = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.On<RecordingFeedback>(RecordingHubContract.Feedback, _ => feedback.TrySetResult());
        var channel = System.Threading.Channels.Channel.CreateUnbounded<byte[]>();
        var take = await GeneratedTakes.CleanAsync();
        _ = hub.InvokeAsync<RecordingResult>("Record", new RecordStart(prompt.Id, GeneratedTakes.Rate, "pcm_s16le"), channel.Reader.ReadAllAsync());
        for (var i = 0; i < 20; i++)
        {
            await channel.Writer.WriteAsync(MemoryMarshal.AsBytes(take.AsSpan(i * 320, 320)).ToArray());
        }

        await feedback.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await hub.DisposeAsync();
        await Task.Delay(500);

        Assert.Equal(objectsBefore, app.Bucket.Objects.Count);
        Assert.Empty(await contributor.Portal.GetFromJsonAsync<JsonElement[]>("/api/contributors/recordings") ?? []);
        Assert.Empty(Directory.Exists(Path.Combine(app.DataDirectory, "audio-staging"))
            ? Directory.GetFiles(Path.Combine(app.DataDirectory, "audio-staging"))
            : []);
    }

    [Fact]
    public async Task Every_request_to_the_bucket_is_signed_with_the_configured_credentials()
    {
        var contributor = await ContributorAsync();
        var prompt = (await contributor.PromptsAsync(1))[0];
        await contributor.UploadAsync(prompt.Id, await GeneratedTakes.CleanAsync());

        Assert.NotEmpty(app.Bucket.Requests);
        Assert.DoesNotContain(app.Bucket.Requests, r => r.EndsWith("(unsigned)", StringComparison.Ordinal));
    }
}
