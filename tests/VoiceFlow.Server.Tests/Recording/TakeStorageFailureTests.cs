using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Recording.Storage;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>A node whose audio store fails every write after the first second of stored audio (a disk that fills up).</summary>
public sealed class FailingStorageApp : VoiceFlowApp
{
    public const int BytesBeforeFailure = 32_000;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddSingleton<IAudioStore>(sp => new FailingAudioStore(ActivatorUtilities.CreateInstance<FileSystemAudioStore>(sp))));
    }

    private sealed class FailingAudioStore(IAudioStore inner) : IAudioStore
    {
        public async Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) =>
            new FailingUpload(await inner.BeginUploadAsync(key, cancellationToken));

        public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => inner.OpenReadAsync(key, cancellationToken);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => inner.DeleteAsync(key, cancellationToken);
    }

    private sealed class FailingUpload(AudioUpload inner) : AudioUpload
    {
        private readonly FillingStream _stream = new(inner.Stream);

        public override Stream Stream => _stream;

        public override Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public override ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class FillingStream(Stream inner) : Stream
    {
        private long _written;

        public override bool CanRead => false;

        public override bool CanSeek => inner.CanSeek;

        public override bool CanWrite => true;

        public override long Length => inner.Length;

        public override long Position { get => inner.Position; set => inner.Position = value; }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);

        public override void SetLength(long value) => inner.SetLength(value);

        public override void Write(byte[] buffer, int offset, int count) =>
            WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written += buffer.Length;
            return _written > BytesBeforeFailure
                ? ValueTask.FromException(new IOException("No space left on device"))
                : inner.WriteAsync(buffer, cancellationToken);
        }
    }
}

public sealed class TakeStorageFailureTests(FailingStorageApp app) : IClassFixture<FailingStorageApp>
{
    private static bool IsStorageFailureError(string line) =>
        line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("RecordingHub", StringComparison.Ordinal)
        && line.Contains("failed", StringComparison.Ordinal) && line.Contains("No space left on device", StringComparison.Ordinal);

    [Fact]
    public async Task A_take_whose_storage_fails_midway_ends_with_an_error_and_leaves_no_recording_and_no_audio()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        var prompt = await contributor.FirstPromptAsync();
        var files = app.StoredAudioFiles();
        await using var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, contributor.AccessToken);
        // Five seconds at 48 kHz: five times what the store takes before it fails.
        var speechLike = TestSignals.WhiteNoise(5000, 48_000, -20, seed: 7);

        var take = hub.InvokeAsync<RecordingResult>(
            "Record", new RecordStart(prompt, 48_000, "pcm_s16le"), TakeChunks.Of(speechLike, 48_000, 20));

        await Assert.ThrowsAsync<HubException>(() => take).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE contributor_id = '{contributor.Id}'"));
        Assert.Equal(files, app.StoredAudioFiles());
        // The node's own failure, unlike a client's bad input, is an error in its log, with the cause.
        await TakeChunks.WaitUntilAsync(() => app.Logs.Lines.Any(IsStorageFailureError), "the storage failure in the log");
    }
}
