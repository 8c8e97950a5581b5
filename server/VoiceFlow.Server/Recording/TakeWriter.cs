using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// The path every take follows, streamed or uploaded: frame analysis at the source rate as audio arrives (the live
/// feedback reads it), then resampling to 16 kHz and writing to the audio store on <see cref="TakeStorageThreads"/>.
/// Those threads run below the hubs' priority: resampling is a fifth of a busy node's CPU and nobody waits for it
/// until the take ends, so it takes what the live streams leave. The caller and the storage thread share only
/// lock-free queues (see <see cref="TakeStorageThreads"/>). The take's file is opened while its first audio is
/// already being analysed: a busy disk delays storage, never the contributor's level meter. Nothing is visible in the
/// store until <see cref="CommitAsync"/>.
/// </summary>
public sealed class TakeWriter : IAsyncDisposable, IQueuedStorage
{
    // Stored audio is written in blocks of half a second: most chunks of a live take cost no I/O call at all.
    private const int WriteBlockBytes = RecordingOptions.StoredSampleRate;

    // Received audio not yet stored: blocks of a tenth of a second, about two seconds of them. When storage falls
    // further behind, the sender of this take waits, so memory stays bounded whatever the load.
    private const int MaxQueuedBlocks = 20;

    private readonly ConcurrentQueue<QueuedAudio> _queued = new();
    private readonly TaskCompletionSource _stored = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamingResampler _resampler;
    private readonly StagedAudio _staged = new(2 * WriteBlockBytes);
    private readonly Task<AudioUpload> _opening;
    private readonly StorageLane _lane;
    private readonly int _blockSamples;
    private AudioUpload? _upload;
    private WavWriter? _wav;
    private TaskCompletionSource? _room;
    private volatile ExceptionDispatchInfo? _failure;
    private int _queuedCount;
    private int _scheduled;
    private int _awaitingOpen;
    private volatile bool _closed;
    private volatile bool _abandoned;
    private short[]? _filling;
    private int _filled;
    private bool _finished;
    private bool _committed;
    private bool _disposed;

    private TakeWriter(string key, int sampleRate, TimeSpan limit, Task<AudioUpload> opening, TakeStorageThreads threads)
    {
        Key = key;
        Analyzer = new StreamingAnalyzer(sampleRate, LiveAnalysis(limit));
        _resampler = StreamingResampler.Rent(sampleRate, RecordingOptions.StoredSampleRate);
        _opening = opening;
        _blockSamples = sampleRate / 10;
        _lane = threads.NextLane();
    }

    public string Key { get; }

    public StreamingAnalyzer Analyzer { get; }

    /// <summary>
    /// Starts a take of at most <paramref name="limit"/> (the analyzer warns <c>too_long</c> past it). The store opens
    /// its file meanwhile; if it cannot, the next append or the commit throws why.
    /// </summary>
    public static TakeWriter Begin(
        IAudioStore store, TakeStorageThreads threads, string key, int sampleRate, TimeSpan limit, CancellationToken cancellationToken) =>
        new(key, sampleRate, limit, OpenAsync(store, key, cancellationToken), threads);

    // One directory per hour: the directory a node writes to stays small and in the page cache, so creating and renaming
    // a take's file never waits for directory blocks read from disk (a month's directory held 142,000 takes on a test node).
    public static string NewKey(Guid recordingId, DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        return $"recordings/{utc:yyyy}/{utc:MM}/{utc:dd}/{utc:HH}/{recordingId:N}.wav";
    }

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
        Queue();
        _closed = true;
        Schedule();
        await _stored.Task;
        await _upload!.CommitAsync(CancellationToken.None);
        _committed = true;
    }

    // A store that fails at once fails the task too, so every failure reaches the take the same way.
    private static async Task<AudioUpload> OpenAsync(IAudioStore store, string key, CancellationToken cancellationToken) =>
        await store.BeginUploadAsync(key, cancellationToken);

    // Levels, voice activity and SNR are what a take needs while it arrives. The spectral clarity measures (an FFT on
    // every other speech frame, about half of the analysis at 48 kHz) belong to the quality pipeline, which computes
    // them from the stored audio.
    private static AnalyzerOptions LiveAnalysis(TimeSpan limit) => new() { MaxDurationMs = limit.TotalMilliseconds, SpectralAnalysis = false };

    private ValueTask Append(ReadOnlySpan<short> samples, CancellationToken cancellationToken)
    {
        _failure?.Throw();
        Analyzer.Append(samples);
        bool queued = false;
        while (!samples.IsEmpty)
        {
            _filling ??= SampleBlockPool.Rent(_blockSamples);
            int taken = Math.Min(samples.Length, _blockSamples - _filled);
            samples[..taken].CopyTo(_filling.AsSpan(_filled));
            _filled += taken;
            samples = samples[taken..];
            if (_filled == _blockSamples)
            {
                Queue();
                queued = true;
            }
        }

        if (!queued)
        {
            return ValueTask.CompletedTask;
        }

        Schedule();
        return Volatile.Read(ref _queuedCount) > MaxQueuedBlocks ? WaitForRoomAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    // Storage gets audio in blocks of a tenth of a second rather than chunk by chunk, so a storage thread sees a take
    // about ten times a second.
    private void Queue()
    {
        if (_filling is null || _filled == 0)
        {
            return;
        }

        _queued.Enqueue(new QueuedAudio(_filling, _filled));
        Interlocked.Increment(ref _queuedCount);
        _filling = null;
        _filled = 0;
    }

    private void Schedule()
    {
        if (Interlocked.Exchange(ref _scheduled, 1) == 0)
        {
            _lane.Schedule(this);
        }
    }

    private async ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref _queuedCount) > MaxQueuedBlocks && _failure is null)
        {
            var room = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Published with a full fence before the count is read again: the storage thread either sees this waiter
            // after it has made room, or made room before the count below is read.
            Interlocked.Exchange(ref _room, room);
            if (Volatile.Read(ref _queuedCount) <= MaxQueuedBlocks || _failure is not null)
            {
                break;
            }

            await room.Task.WaitAsync(cancellationToken);
        }

        _failure?.Throw();
    }

    /// <summary>On a storage thread: resamples and writes the blocks queued so far; once the take is closed, reports it stored.</summary>
    void IQueuedStorage.StoreQueued()
    {
        // Cleared before the queue is read: a block queued from now on schedules this take again.
        Interlocked.Exchange(ref _scheduled, 0);
        if (_wav is null && !_abandoned && _failure is null && !Opened())
        {
            return;
        }

        while (_queued.TryDequeue(out var audio))
        {
            if (!_abandoned && _failure is null)
            {
                try
                {
                    _resampler.Process(audio.Samples.AsSpan(0, audio.Count), _staged);
                    if (_staged.Bytes >= WriteBlockBytes)
                    {
                        _wav!.Write(_staged.Written.Span);
                        _staged.Clear();
                    }
                }
                catch (Exception e)
                {
                    _failure = ExceptionDispatchInfo.Capture(e);
                }
            }

            SampleBlockPool.Return(audio.Samples);
            Interlocked.Decrement(ref _queuedCount);
            Interlocked.Exchange(ref _room, null)?.TrySetResult();
        }

        if (_failure is { } failure)
        {
            Interlocked.Exchange(ref _room, null)?.TrySetResult();
            _stored.TrySetException(failure.SourceException);
        }
        else if (_closed && _queued.IsEmpty)
        {
            FinishFile();
        }
    }

    // On the storage thread: whether the take's file is open (or failed to open), so its queued audio can be handled.
    // Until then the audio stays queued, the sender is held back as when storage is slow, and the take is scheduled
    // again once the store has opened the file.
    private bool Opened()
    {
        if (!_opening.IsCompleted)
        {
            if (Interlocked.Exchange(ref _awaitingOpen, 1) == 0)
            {
                _opening.ContinueWith(
                    static (_, take) => ((TakeWriter)take!).Schedule(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously,
                    TaskScheduler.Default);
            }

            return false;
        }

        try
        {
            _upload = _opening.GetAwaiter().GetResult();
            _wav = new WavWriter(_upload.Stream, RecordingOptions.StoredSampleRate, leaveOpen: true);
        }
        catch (Exception e)
        {
            _failure = ExceptionDispatchInfo.Capture(e);
        }

        return true;
    }

    // The take's last samples and the WAV header's sizes are written here too, by the thread that wrote the rest: a
    // write that waits for a busy disk then holds up storage, never the hub thread that commits the take.
    private void FinishFile()
    {
        if (!_abandoned && !_finished)
        {
            _finished = true;
            try
            {
                _resampler.Flush(_staged);
                _wav!.Write(_staged.Written.Span);
                _staged.Clear();
                _wav.Complete();
            }
            catch (Exception e)
            {
                _stored.TrySetException(e);
                return;
            }
        }

        _stored.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        // Once only: a resampler returned twice would be rented to two takes at once.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (!_committed)
        {
            // Whatever is queued is dropped; the storage thread lets go of the take before it is taken apart.
            _abandoned = true;
            _closed = true;
            Schedule();
            try
            {
                await _stored.Task;
            }
            catch (Exception)
            {
                // Storage failed; the partial audio is removed below either way.
            }
        }

        while (_queued.TryDequeue(out var audio))
        {
            SampleBlockPool.Return(audio.Samples);
        }

        if (_filling is not null)
        {
            SampleBlockPool.Return(_filling);
            _filling = null;
        }

        try
        {
            // The WAV writer is not disposed: it owns nothing (the upload owns the stream), and disposing it would
            // complete the file, writing to a store that may be what failed. A committed take is already complete.
            // A take abandoned before its file was open still waits for the file, to discard it.
            if ((_upload ?? await OpenedOrNullAsync()) is { } upload)
            {
                await upload.DisposeAsync();
            }
        }
        finally
        {
            _staged.Dispose();
            StreamingResampler.Return(_resampler);
        }
    }

    private async Task<AudioUpload?> OpenedOrNullAsync()
    {
        try
        {
            return await _opening;
        }
        catch (Exception)
        {
            // Never opened: nothing to discard.
            return null;
        }
    }

    private readonly record struct QueuedAudio(short[] Samples, int Count);
}
