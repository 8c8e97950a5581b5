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
    private byte[] _staged = new byte[8192];

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

    public ValueTask AppendAsync(ReadOnlyMemory<short> samples, CancellationToken cancellationToken) =>
        WriteStoredAsync(Process(samples.Span), cancellationToken);

    /// <summary>A chunk of 16-bit little-endian PCM as it came off the wire, without copying it to samples first.</summary>
    public ValueTask AppendAsync(ReadOnlyMemory<byte> pcm16, CancellationToken cancellationToken) =>
        WriteStoredAsync(Process(MemoryMarshal.Cast<byte, short>(pcm16.Span)), cancellationToken);

    /// <summary>Finishes the WAV file and makes it visible under <see cref="Key"/>.</summary>
    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        _resampled.ResetWrittenCount();
        _resampler.Flush(_resampled);
        await WriteStoredAsync(StageResampled(), cancellationToken);
        await _wav.CompleteAsync(cancellationToken);
        await _upload.CommitAsync(cancellationToken);
    }

    /// <summary>Analyses the samples and resamples them; returns how many bytes of stored audio are staged.</summary>
    private int Process(ReadOnlySpan<short> samples)
    {
        Analyzer.Append(samples);
        _resampled.ResetWrittenCount();
        _resampler.Process(samples, _resampled);
        return StageResampled();
    }

    /// <summary>Copies the resampled audio into the reused byte buffer the async write needs (spans cannot cross an await).</summary>
    private int StageResampled()
    {
        var bytes = MemoryMarshal.AsBytes(_resampled.WrittenSpan);
        if (bytes.Length > _staged.Length)
        {
            _staged = new byte[Math.Max(bytes.Length, _staged.Length * 2)];
        }

        bytes.CopyTo(_staged);
        return bytes.Length;
    }

    private ValueTask WriteStoredAsync(int bytes, CancellationToken cancellationToken) =>
        _wav.WriteAsync(_staged.AsMemory(0, bytes), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _wav.DisposeAsync();
        await _upload.DisposeAsync();
    }
}
