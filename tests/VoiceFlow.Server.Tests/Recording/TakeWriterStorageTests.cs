using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;
using VoiceFlow.Audio.Resampling;
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

    [Fact]
    public async Task Takes_sent_in_chunks_of_any_length_at_once_store_exactly_the_resampled_signal_each_sent()
    {
        // Chunks of 10 to 250 ms straddle the tenth-of-a-second blocks queued for storage, and the takes run side by
        // side and one after another, so the blocks they hand back are reused by the others.
        const int rate = 44_100;
        int[] chunkMs = [10, 70, 250, 30, 130, 20];
        var takes = Enumerable.Range(0, 12).Select(i => TestSignals.WhiteNoise(1200 + (i * 170), rate, -20, seed: 10 + i)).ToArray();

        async Task<short[]> StoreAsync(short[] audio, int index)
        {
            var store = new GatedStore();
            store.Open();
            await using var take = await TakeWriter.BeginAsync(store, _threads, $"recordings/c{index}.wav", rate, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
            for (int sent = 0, next = index; sent < audio.Length; next++)
            {
                int length = Math.Min(audio.Length - sent, rate * chunkMs[next % chunkMs.Length] / 1000);
                await take.AppendAsync(audio.AsMemory(sent, length), TestContext.Current.CancellationToken);
                sent += length;
            }

            await take.CommitAsync(TestContext.Current.CancellationToken);
            return store.CommittedAudio!;
        }

        for (int round = 0; round < takes.Length; round += 4)
        {
            var batch = Enumerable.Range(round, 4).ToArray();
            var stored = await Task.WhenAll(batch.Select(i => Task.Run(() => StoreAsync(takes[i], i), TestContext.Current.CancellationToken)));
            foreach (var (i, audio) in batch.Zip(stored))
            {
                Assert.Equal(StreamingResampler.Resample(takes[i], rate, RecordingOptions.StoredSampleRate), audio);
            }
        }
    }

    public void Dispose() => _threads.Dispose();

    /// <summary>An in-memory store whose writes wait until it is opened, like a stalled disk.</summary>
    private sealed class GatedStore : IAudioStore
    {
        private readonly ManualResetEventSlim _open = new();

        public int? CommittedSamples { get; private set; }

        public short[]? CommittedAudio { get; private set; }

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
                store.CommittedAudio = MemoryMarshal.Cast<byte, short>(stream.ToArray().AsSpan(Audio.Wav.WavHeader.Size)).ToArray();
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
