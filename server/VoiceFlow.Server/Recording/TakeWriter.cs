using System.Buffers;
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
    private readonly StreamingResampler _resampler;
    private readonly ArrayBufferWriter<short> _resampled = new();
    private readonly AudioUpload _upload;
    private readonly WavWriter _wav;

    private TakeWriter(string key, int sampleRate, AnalyzerOptions options, AudioUpload upload)
    {
        Key = key;
        Analyzer = new StreamingAnalyzer(sampleRate, options);
        _resampler = new StreamingResampler(sampleRate, RecordingOptions.StoredSampleRate);
        _upload = upload;
        _wav = new WavWriter(upload.Stream, RecordingOptions.StoredSampleRate, leaveOpen: true);
    }

    public string Key { get; }

    public StreamingAnalyzer Analyzer { get; }

    public static async Task<TakeWriter> BeginAsync(IAudioStore store, string key, int sampleRate, AnalyzerOptions options, CancellationToken cancellationToken) =>
        new(key, sampleRate, options, await store.BeginUploadAsync(key, cancellationToken));

    public static string NewKey(Guid recordingId, DateTimeOffset at) => $"recordings/{at:yyyy}/{at:MM}/{recordingId:N}.wav";

    public async ValueTask AppendAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        Analyzer.Append(samples.Span);
        _resampled.ResetWrittenCount();
        _resampler.Process(samples.Span, _resampled);
        await _wav.WriteAsync(MemoryMarshal.AsBytes(_resampled.WrittenSpan).ToArray(), cancellationToken);
    }

    /// <summary>Finishes the WAV file and makes it visible under <see cref="Key"/>.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        _resampled.ResetWrittenCount();
        _resampler.Flush(_resampled);
        await _wav.WriteAsync(MemoryMarshal.AsBytes(_resampled.WrittenSpan).ToArray(), cancellationToken);
        await _wav.CompleteAsync(cancellationToken);
        await _upload.CommitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await _wav.DisposeAsync();
        await _upload.DisposeAsync();
    }
}
