using System.Runtime.InteropServices;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Recording;

/// <summary>
/// The path every take follows, streamed or uploaded: frame analysis at the source rate, resampling to 16 kHz and
/// writing to the audio store as audio arrives. Nothing is visible in the store until <see cref="CommitAsync"/>.
/// </summary>
public sealed class TakeWriter : IAsyncDisposable
{
    // Stored audio is written in blocks of half a second: most chunks of a live take cost no I/O call at all.
    private const int WriteBlockBytes = RecordingOptions.StoredSampleRate;

    private readonly StreamingResampler _resampler;
    private readonly StagedAudio _staged = new(2 * WriteBlockBytes);
    private readonly AudioUpload _upload;
    private readonly WavWriter _wav;
    private bool _disposed;

    private TakeWriter(string key, int sampleRate, TimeSpan limit, AudioUpload upload)
    {
        Key = key;
        Analyzer = new StreamingAnalyzer(sampleRate, LiveAnalysis(limit));
        _resampler = StreamingResampler.Rent(sampleRate, RecordingOptions.StoredSampleRate);
        _upload = upload;
        _wav = new WavWriter(upload.Stream, RecordingOptions.StoredSampleRate, leaveOpen: true);
    }

    public string Key { get; }

    public StreamingAnalyzer Analyzer { get; }

    /// <summary>Starts a take of at most <paramref name="limit"/> (the analyzer warns <c>too_long</c> past it).</summary>
    public static async Task<TakeWriter> BeginAsync(IAudioStore store, string key, int sampleRate, TimeSpan limit, CancellationToken cancellationToken) =>
        new(key, sampleRate, limit, await store.BeginUploadAsync(key, cancellationToken));

    public static string NewKey(Guid recordingId, DateTimeOffset at) => $"recordings/{at:yyyy}/{at:MM}/{recordingId:N}.wav";

    public ValueTask AppendAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        Process(samples.Span);
        return _staged.Bytes >= WriteBlockBytes ? WriteStagedAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>
    /// A chunk of 16-bit little-endian PCM as it came off the wire, without copying it to samples first. The bytes are
    /// read before this returns, so the caller may reuse their buffer without awaiting the write.
    /// </summary>
    public ValueTask AppendAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken)
    {
        Process(MemoryMarshal.Cast<byte, short>(pcm16.Span));
        return _staged.Bytes >= WriteBlockBytes ? WriteStagedAsync(cancellationToken) : ValueTask.CompletedTask;
    }

    /// <summary>Finishes the WAV file and makes it visible under <see cref="Key"/>.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        _resampler.Flush(_staged);
        await WriteStagedAsync(cancellationToken);
        await _wav.CompleteAsync(cancellationToken);
        await _upload.CommitAsync(cancellationToken);
    }

    // Levels, voice activity and SNR are what a take needs while it arrives. The spectral clarity measures (an FFT on
    // every other speech frame, about half of the analysis at 48 kHz) belong to the quality pipeline, which computes
    // them from the stored audio.
    private static AnalyzerOptions LiveAnalysis(TimeSpan limit) => new() { MaxDurationMs = limit.TotalMilliseconds, SpectralAnalysis = false };

    private void Process(ReadOnlySpan<short> samples)
    {
        Analyzer.Append(samples);
        _resampler.Process(samples, _staged);
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
        try
        {
            await _wav.DisposeAsync();
            await _upload.DisposeAsync();
        }
        finally
        {
            _staged.Dispose();
            StreamingResampler.Return(_resampler);
        }
    }
}
