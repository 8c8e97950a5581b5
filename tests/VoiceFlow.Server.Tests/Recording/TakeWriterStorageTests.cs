using Microsoft.Extensions.Options;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Tests.Recording;

/// <summary>
/// A take's audio goes to the storage threads through lock-free queues. What a sender sees of that: it is held back
/// only when storage has fallen about two seconds behind, nothing is lost meanwhile, and an abandoned take leaves
/// nothing behind.
/// </summary>
public sealed class TakeWriterStorageTests : IDisposable
{
    private const int SampleRate = 48_000;
    private const int ChunkMs = 20;
    private readonly TakeStorageThreads _threads = new(Options.Create(new RecordingOptions { StorageNice = 0 }));

    [Fact]
    public async Task A_sender_waits_once_storage_is_two_seconds_behind_and_every_sample_is_stored_when_storage_resumes()
    {
        var store = new GatedStore();
        var audio = TestSignals.WhiteNoise(6000, SampleRate, -20, seed: 3);
        var chunks = audio.Chunk(SampleRate * ChunkMs / 1000).ToArray();
        await using var take = await TakeWriter.BeginAsync(store, _threads, "recordings/t.wav", SampleRate, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

        var sent = 0;
        Task? held = null;
        for (; sent < chunks.Length && held is null; sent++)
        {
            var append = take.AppendAsync(chunks[sent].AsMemory(), TestContext.Current.CancellationToken).AsTask();
            if (await Task.WhenAny(append, Task.Delay(500, TestContext.Current.CancellationToken)) != append)
            {
                held = append;
            }
        }

        // Storage blocks on its first write (after a second of audio); the sender is held once two more are queued.
        Assert.NotNull(held);
        Assert.InRange(sent * ChunkMs, 2000, 3300);

        store.Open();
        await held.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        foreach (var chunk in chunks.Skip(sent))
        {
            await take.AppendAsync(chunk.AsMemory(), TestContext.Current.CancellationToken);
        }

        await take.CommitAsync(TestContext.Current.CancellationToken);

        Assert.Equal(audio.Length / 3, store.CommittedSamples);
    }

    [Fact]
    public async Task An_abandoned_take_releases_its_storage_and_commits_nothing()
    {
        var store = new GatedStore();
        store.Open();
        var chunks = TestSignals.WhiteNoise(1500, SampleRate, -20, seed: 4).Chunk(SampleRate * ChunkMs / 1000).ToArray();

        await using (var take = await TakeWriter.BeginAsync(store, _threads, "recordings/a.wav", SampleRate, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken))
        {
            foreach (var chunk in chunks)
            {
                await take.AppendAsync(chunk.AsMemory(), TestContext.Current.CancellationToken);
            }
        }

        Assert.True(store.Discarded);
        Assert.Null(store.CommittedSamples);
    }

    public void Dispose() => _threads.Dispose();

    /// <summary>An in-memory store whose writes wait until it is opened, like a stalled disk.</summary>
    private sealed class GatedStore : IAudioStore
    {
        private readonly ManualResetEventSlim _open = new();

        public int? CommittedSamples { get; private set; }

        public bool Discarded { get; private set; }

        public void Open() => _open.Set();

        public Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken) =>
            Task.FromResult<AudioUpload>(new Upload(this, new GatedStream(_open)));

        public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

        private sealed class Upload(GatedStore store, GatedStream stream) : AudioUpload
        {
            private bool _committed;

            public override Stream Stream => stream;

            public override Task CommitAsync(CancellationToken cancellationToken)
            {
                _committed = true;
                store.CommittedSamples = (int)((stream.Length - Audio.Wav.WavHeader.Size) / 2);
                return Task.CompletedTask;
            }

            public override ValueTask DisposeAsync()
            {
                store.Discarded = !_committed;
                return ValueTask.CompletedTask;
            }
        }

        private sealed class GatedStream(ManualResetEventSlim open) : MemoryStream
        {
            // The WAV header written when the take begins is let through; audio waits for the gate.
            // Every write of a derived MemoryStream, span or async, ends up here.
            public override void Write(byte[] buffer, int offset, int count)
            {
                if (Length > 0)
                {
                    open.Wait(TimeSpan.FromSeconds(30));
                }

                base.Write(buffer, offset, count);
            }
        }
    }
}
