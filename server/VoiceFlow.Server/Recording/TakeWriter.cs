using System.Buffers;
using System.Runtime.InteropServices;
using System.Threading.Channels;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// The path every take follows, streamed or uploaded: frame analysis at the source rate as audio arrives (the live
/// feedback reads it), then resampling to 16 kHz and writing to the audio store on <see cref="TakeStorageThreads"/>.
/// Those threads run below the hubs' priority: resampling is a fifth of a busy node's CPU and nobody waits for it
/// until the take ends, so it takes what the live streams leave. Nothing is visible in the store until
/// <see cref="CommitAsync"/>.
/// </summary>
public sealed class TakeWriter : IAsyncDisposable
{
    // Stored audio is written in blocks of half a second: most chunks of a live take cost no I/O call at all.
    private const int WriteBlockBytes = RecordingOptions.StoredSampleRate;

    // Received audio not yet stored: blocks of a tenth of a second, about two seconds of them. When storage falls
    // further behind, the sender of this take waits, so memory stays bounded whatever the load.
    private const int MaxQueuedBlocks = 20;

    private readonly Channel<QueuedAudio> _queued = Channel.CreateBounded<QueuedAudio>(
        new BoundedChannelOptions(MaxQueuedBlocks) { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _abandon = new();
    private readonly StreamingResampler _resampler;
    private readonly StagedAudio _staged = new(2 * WriteBlockBytes);
    private readonly AudioUpload _upload;
    private readonly WavWriter _wav;
    private readonly Task _storing;
    private readonly int _blockSamples;
    private short[]? _filling;
    private int _filled;
    private bool _committing;
    private bool _disposed;

    private TakeWriter(string key, int sampleRate, TimeSpan limit, AudioUpload upload, TakeStorageThreads threads)
    {
        Key = key;
        Analyzer = new StreamingAnalyzer(sampleRate, LiveAnalysis(limit));
        _resampler = StreamingResampler.Rent(sampleRate, RecordingOptions.StoredSampleRate);
        _upload = upload;
        _wav = new WavWriter(upload.Stream, RecordingOptions.StoredSampleRate, leaveOpen: true);
        _blockSamples = sampleRate / 10;
        _storing = threads.Scheduler.Run(StoreAsync, CancellationToken.None);
    }

    public string Key { get; }

    public StreamingAnalyzer Analyzer { get; }

    /// <summary>Starts a take of at most <paramref name="limit"/> (the analyzer warns <c>too_long</c> past it).</summary>
    public static async Task<TakeWriter> BeginAsync(
        IAudioStore store, TakeStorageThreads threads, string key, int sampleRate, TimeSpan limit, CancellationToken cancellationToken) =>
        new(key, sampleRate, limit, await store.BeginUploadAsync(key, cancellationToken), threads);

    public static string NewKey(Guid recordingId, DateTimeOffset at) => $"recordings/{at:yyyy}/{at:MM}/{recordingId:N}.wav";

    /// <summary>Analyses the samples and queues them for storage; the caller may reuse its buffer when this returns.</summary>
    public ValueTask AppendAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken) => Append(samples.Span, cancellationToken);

    /// <summary>A chunk of 16-bit little-endian PCM as it came off the wire, without copying it to samples first.</summary>
    public ValueTask AppendAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken) =>
        Append(MemoryMarshal.Cast<byte, short>(pcm16.Span), cancellationToken);

    /// <summary>Waits until every queued block is stored, finishes the WAV file and makes it visible under <see cref="Key"/>.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        // The wait for storage is not cancellable: what is queued is bounded, and a commit given up halfway could leave
        // audio in the store that no recording row points to.
        await QueueFilled(cancellationToken);
        _committing = true;
        _queued.Writer.TryComplete();
        await _storing;
    }

    // Levels, voice activity and SNR are what a take needs while it arrives. The spectral clarity measures (an FFT on
    // every other speech frame, about half of the analysis at 48 kHz) belong to the quality pipeline, which computes
    // them from the stored audio.
    private static AnalyzerOptions LiveAnalysis(TimeSpan limit) => new() { MaxDurationMs = limit.TotalMilliseconds, SpectralAnalysis = false };

    private ValueTask Append(ReadOnlySpan<short> samples, CancellationToken cancellationToken)
    {
        Analyzer.Append(samples);
        Reserve(samples.Length);
        samples.CopyTo(_filling.AsSpan(_filled));
        _filled += samples.Length;
        return _filled >= _blockSamples ? QueueFilled(cancellationToken) : ValueTask.CompletedTask;
    }

    // A block is handed over once it holds a tenth of a second, so it only grows past its first size for a chunk
    // longer than that.
    [System.Diagnostics.CodeAnalysis.MemberNotNull(nameof(_filling))]
    private void Reserve(int samples)
    {
        if (_filling is not null && _filling.Length - _filled >= samples)
        {
            return;
        }

        var larger = ArrayPool<short>.Shared.Rent(Math.Max(_blockSamples * 2, _filled + samples));
        if (_filling is not null)
        {
            _filling.AsSpan(0, _filled).CopyTo(larger);
            ArrayPool<short>.Shared.Return(_filling);
        }

        _filling = larger;
    }

    // Storage gets audio in blocks of a tenth of a second rather than chunk by chunk: a handover touches locks the
    // storage threads share, and one of them preempted (they run below the hubs' priority) while holding such a lock
    // would hold up the hub thread that waits for it.
    private ValueTask QueueFilled(CancellationToken cancellationToken)
    {
        if (_filling is null || _filled == 0)
        {
            return ValueTask.CompletedTask;
        }

        var audio = new QueuedAudio(_filling, _filled);
        _filling = null;
        _filled = 0;
        return _queued.Writer.TryWrite(audio) ? ValueTask.CompletedTask : QueueWhenRoomAsync(audio, cancellationToken);
    }

    private async ValueTask QueueWhenRoomAsync(QueuedAudio audio, CancellationToken cancellationToken)
    {
        try
        {
            await _queued.Writer.WriteAsync(audio, cancellationToken);
        }
        catch (Exception e)
        {
            ArrayPool<short>.Shared.Return(audio.Samples);
            if (e is ChannelClosedException && _storing.IsFaulted)
            {
                // Storage failed: say why, not merely that the queue is closed.
                await _storing;
            }

            throw;
        }
    }

    private async Task StoreAsync()
    {
        var abandon = _abandon.Token;
        try
        {
            while (await _queued.Reader.WaitToReadAsync(abandon))
            {
                while (_queued.Reader.TryRead(out var audio))
                {
                    try
                    {
                        _resampler.Process(audio.Samples.AsSpan(0, audio.Count), _staged);
                    }
                    finally
                    {
                        ArrayPool<short>.Shared.Return(audio.Samples);
                    }

                    if (_staged.Bytes >= WriteBlockBytes)
                    {
                        await WriteStagedAsync(abandon);
                    }
                }
            }

            _resampler.Flush(_staged);
            await WriteStagedAsync(abandon);
            await _wav.CompleteAsync(abandon);
            await _upload.CommitAsync(abandon);
        }
        catch (Exception e)
        {
            _queued.Writer.TryComplete(e);
            throw;
        }
    }

    private async ValueTask WriteStagedAsync(CancellationToken cancellationToken)
    {
        await _wav.WriteAsync(_staged.Written, cancellationToken);
        _staged.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        // Once only: a resampler returned twice would be rented to two takes at once.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_committing)
        {
            // Cancel before closing the queue, or storage would read the closed queue as the end of a take to keep.
            await _abandon.CancelAsync();
            _queued.Writer.TryComplete();
        }

        try
        {
            await _storing;
        }
        catch (Exception)
        {
            // The take was abandoned or its storage failed; either way its partial audio is removed below.
        }

        while (_queued.Reader.TryRead(out var audio))
        {
            ArrayPool<short>.Shared.Return(audio.Samples);
        }

        if (_filling is not null)
        {
            ArrayPool<short>.Shared.Return(_filling);
            _filling = null;
        }

        try
        {
            // The WAV writer is not disposed: it owns nothing (the upload owns the stream), and disposing it would
            // complete the file, writing to a store that may be what failed. A committed take is already complete.
            await _upload.DisposeAsync();
        }
        finally
        {
            _staged.Dispose();
            StreamingResampler.Return(_resampler);
            _abandon.Dispose();
        }
    }

    private readonly record struct QueuedAudio(short[] Samples, int Count);
}
