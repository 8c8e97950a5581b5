using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Server.Recording;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Benchmarks;

/// <summary>
/// What the recording hub does with one streamed take after the wire: a 5.5 s take at 48 kHz in 20 ms chunks through
/// <see cref="TakeWriter"/> (analysis, resampling to 16 kHz, WAV writing) into an in-memory store, begin to commit.
/// The allocation column is the garbage one take leaves; the time is per take (275 chunks), on the caller's thread and
/// the storage threads together (the commit waits for them).
/// </summary>
[MemoryDiagnoser]
public class TakeWriterBenchmarks
{
    private const int SampleRate = 48_000;
    private const int ChunkBytes = SampleRate / 50 * 2;
    private byte[][] _chunks = [];
    private readonly MemoryAudioStore _store = new();
    private readonly TakeStorageThreads _storageThreads = new(Options.Create(new RecordingOptions { StorageNice = 0 }));

    [GlobalSetup]
    public void Setup()
    {
        var speech = Signals.Speech(SampleRate, 5.5);
        var bytes = new byte[speech.Length * 2];
        Buffer.BlockCopy(speech, 0, bytes, 0, bytes.Length);
        _chunks = bytes.Chunk(ChunkBytes).ToArray();
    }

    [Benchmark(Description = "one 5.5 s take, 48 kHz, 20 ms chunks")]
    public async Task<long> StreamTake()
    {
        await using var take = TakeWriter.Begin(
            _store, _storageThreads, "recordings/b.wav", SampleRate, TimeSpan.FromSeconds(20), CancellationToken.None);
        foreach (var chunk in _chunks)
        {
            await take.AppendAsync(chunk.AsMemory(), CancellationToken.None);
        }

        await take.CommitAsync(CancellationToken.None);
        return take.Analyzer.TotalSamples;
    }

    [GlobalCleanup]
    public void Cleanup() => _storageThreads.Dispose();

    /// <summary>Keeps one reusable buffer, so the figures are the writer's own.</summary>
    private sealed class MemoryAudioStore : IAudioStore
    {
        private readonly MemoryStream _stream = new(256 * 1024);

        public Task<AudioUpload> BeginUploadAsync(string key, CancellationToken cancellationToken)
        {
            _stream.SetLength(0);
            return Task.FromResult<AudioUpload>(new Upload(_stream));
        }

        public Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken) => Task.FromResult<Stream?>(null);

        public Task DeleteAsync(string key, CancellationToken cancellationToken) => Task.CompletedTask;

        private sealed class Upload(MemoryStream stream) : AudioUpload
        {
            public override Stream Stream => stream;

            public override Task CommitAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
