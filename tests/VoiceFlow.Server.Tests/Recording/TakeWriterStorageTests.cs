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
        await using var take = Begin(store, "t");

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

        await using (var take = Begin(store, "a"))
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
    public async Task A_take_is_analysed_and_committed_while_its_file_is_still_being_opened_and_is_stored_whole_once_it_is()
    {
        var store = StoreSlowToOpenFiles();
        // A second and a half, less than storage may fall behind before the sender is held back.
        var audio = TestSignals.WhiteNoise(1500, SampleRate, -20, seed: 5);
        await using var take = Begin(store, "o");
        foreach (var chunk in audio.Chunk(SampleRate * ChunkMs / 1000))
        {
            await take.AppendAsync(chunk.AsMemory(), TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(5), TestContext.Current.CancellationToken);
        }

        Assert.Equal(1500, take.Analyzer.DurationMs, 0.5);
        var commit = take.CommitAsync(TestContext.Current.CancellationToken);
        // Time for the storage thread, which looks for work every few milliseconds, to find the take still unopened.
        await Task.Delay(200, TestContext.Current.CancellationToken);
        Assert.False(commit.IsCompleted);

        store.FinishOpening();
        await commit.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal(audio.Length / 3, store.CommittedSamples);
    }

    [Fact]
    public async Task A_take_whose_file_cannot_be_opened_fails_with_the_stores_error_and_commits_nothing()
    {
        var store = StoreSlowToOpenFiles();
        var chunks = TestSignals.WhiteNoise(3000, SampleRate, -20, seed: 6).Chunk(SampleRate * ChunkMs / 1000).ToArray();
        await using var take = Begin(store, "f");
        await take.AppendAsync(chunks[0].AsMemory(), TestContext.Current.CancellationToken);

        store.FailOpening(new IOException("Permission denied"));
        var error = await Assert.ThrowsAsync<IOException>(async () =>
        {
            foreach (var chunk in chunks.Skip(1))
            {
                await take.AppendAsync(chunk.AsMemory(), TestContext.Current.CancellationToken);
            }

            await take.CommitAsync(TestContext.Current.CancellationToken);
        }).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.Equal("Permission denied", error.Message);
        Assert.Null(store.CommittedSamples);
    }

    [Fact]
    public async Task A_take_abandoned_before_its_file_is_open_discards_the_file_once_it_is()
    {
        var store = StoreSlowToOpenFiles();
        var chunks = TestSignals.WhiteNoise(500, SampleRate, -20, seed: 8).Chunk(SampleRate * ChunkMs / 1000).ToArray();
        var take = Begin(store, "d");
        foreach (var chunk in chunks)
        {
            await take.AppendAsync(chunk.AsMemory(), TestContext.Current.CancellationToken);
        }

        var abandoned = take.DisposeAsync().AsTask();
        store.FinishOpening();
        await abandoned.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

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
            await using var take = Begin(store, $"c{index}", rate);
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

    [Fact]
    public void Takes_are_kept_in_one_directory_per_hour_of_their_start_in_utc()
    {
        var id = Guid.Parse("0193a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b");

        var key = TakeWriter.NewKey(id, new DateTimeOffset(2026, 12, 4, 1, 30, 0, TimeSpan.FromHours(2)));

        Assert.Equal("recordings/2026/12/03/23/0193a1b2c3d47e5f8a9b0c1d2e3f4a5b.wav", key);
    }

    public void Dispose() => _threads.Dispose();

    private TakeWriter Begin(IAudioStore store, string name, int sampleRate = SampleRate) =>
        TakeWriter.Begin(store, _threads, $"recordings/{name}.wav", sampleRate, TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);

    /// <summary>A store that writes at once but has not finished creating a take's file until the test says so.</summary>
    private static GatedStore StoreSlowToOpenFiles()
    {
        var store = new GatedStore();
        store.Open();
        store.HoldOpening();
        return store;
    }

    /// <summary>An in-memory store whose writes wait until it is opened, like a stalled disk; it may also be slow to open a file.</summary>
    private sealed class GatedStore : IAudioStore
    {
        private readonly ManualResetEventSlim _open = new();
        private TaskCompletionSource? _opening;

        public int? CommittedSamples { get; private set; }

        public short[]? CommittedAudio { get; private set; }

        public bool Discarded { get; private set; }

        public void Open() => _open.Set();

        public void HoldOpening() => _opening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        public void FinishOpening() => _opening!.SetResult();

        public void FailOpening(Exception error) => _opening!.SetException(error);

        public async Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
        {
            if (_opening is { } opening)
            {
                await opening.Task;
            }

            return new Upload(this, new GatedStream(_open));
        }

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
