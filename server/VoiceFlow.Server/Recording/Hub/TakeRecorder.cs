using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Infrastructure.Realtime;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>
/// Records one streamed take: checks every chunk, analyses it frame by frame, sends Feedback, resamples to 16 kHz and
/// writes it to the audio store as it arrives (never holding the take in memory). When the client completes the stream,
/// the recording and its analysis job are committed together; if anything fails or the client leaves, nothing remains.
/// </summary>
public sealed class TakeRecorder(
    VoiceFlowDbContext db, IAudioStore store, TakeStorageThreads storageThreads, RecordingStore recordings, IActiveTakes activeTakes,
    IOptions<RecordingOptions> options,
    RecordingMetrics metrics, TimeProvider clock, ILogger<TakeRecorder> logger)
{
    public async Task<RecordingResult> RecordAsync(
        Guid contributorId, RecordStart start, IAsyncEnumerable<AudioChunk?> audio, IClientProxy caller, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        ValidateStart(start);
        await using var admission = TakeAdmission.Begin(db, activeTakes, contributorId, start.PromptId, cancellationToken);
        var admitted = false;
        var recordingId = Guid.CreateVersion7();
        var now = clock.GetUtcNow();
        var minChunkBytes = ChunkBytes(start.SampleRate, settings.MinChunkMs);
        var maxChunkBytes = ChunkBytes(start.SampleRate, settings.MaxChunkMs);
        var seq = 0;
        var lastFeedbackMs = 0.0;

        using var active = metrics.TakeStarted();
        await using var take = TakeWriter.Begin(
            store, storageThreads, TakeWriter.NewKey(recordingId, now), start.SampleRate, TimeSpan.FromSeconds(settings.MaxTakeSeconds),
            cancellationToken);
        var analyzer = take.Analyzer;
        // Read without the token: SignalR ends the stream itself when the connection closes, and a channel read that
        // cannot be cancelled reuses one waiter instead of allocating one for every chunk.
        await foreach (var received in Readable(audio, CancellationToken.None))
        {
            using (var chunk = received ?? throw HubErrors.Error(HubErrors.InvalidFormat, "a chunk holds no audio (null)."))
            {
                if (chunk.Length % 2 != 0)
                {
                    throw HubErrors.Error(HubErrors.InvalidFormat, $"a chunk of {chunk.Length} bytes is not whole 16-bit samples.");
                }

                if (chunk.Length < minChunkBytes || chunk.Length > maxChunkBytes)
                {
                    throw HubErrors.Error(HubErrors.InvalidFormat,
                        $"chunks must hold {settings.MinChunkMs} to {settings.MaxChunkMs} ms of audio ({minChunkBytes} to {maxChunkBytes} bytes at {start.SampleRate} Hz); got {chunk.Length} bytes.");
                }

                // The writer is done with the chunk's bytes when this returns (it stages what it keeps).
                await take.AppendAsync(chunk.Bytes, cancellationToken);
            }

            // The verdict is read as soon as it is in, and waited for before the audio could pass the shortest limit.
            if (!admitted && (admission.IsDecided || analyzer.DurationMs >= AudioAheadOfAdmissionMs))
            {
                analyzer.MaxDurationMs = settings.LimitFor(await admission.WaitAsync()).TotalMilliseconds;
                admitted = true;
            }

            if (analyzer.DurationMs - lastFeedbackMs >= settings.FeedbackIntervalMs)
            {
                lastFeedbackMs = analyzer.DurationMs;
                await caller.SendAsync(RecordingHubContract.Feedback, ToFeedback(++seq, analyzer.Snapshot()), cancellationToken);
                metrics.FeedbackSent();
            }

            if (analyzer.DurationMs > analyzer.MaxDurationMs)
            {
                await caller.SendAsync(RecordingHubContract.Feedback, ToFeedback(++seq, analyzer.Snapshot()), cancellationToken);
                throw HubErrors.Error(AudioWarningCodes.TooLong,
                    $"the take passed this prompt's limit of {analyzer.MaxDurationMs / 1000:0} s; it was not kept. Record it again, a little shorter.");
            }
        }

        if (!admitted)
        {
            await admission.WaitAsync();
        }

        if (analyzer.TotalSamples == 0)
        {
            throw HubErrors.Error(HubErrors.InvalidFormat, "the take holds no audio.");
        }

        var final = analyzer.Snapshot();
        await caller.SendAsync(RecordingHubContract.Feedback, ToFeedback(++seq, final), cancellationToken);
        var summary = analyzer.Summarize();
        var durationMs = (int)Math.Round(analyzer.DurationMs);
        await take.CommitAsync(cancellationToken);
        try
        {
            await recordings.AddAsync(recordingId, contributorId, start.PromptId, take.Key, durationMs, now, cancellationToken);
        }
        catch
        {
            await store.DeleteAsync(take.Key, CancellationToken.None);
            throw;
        }

        metrics.TakeStored();
        logger.LogInformation("Stored take {RecordingId} of {DurationMs} ms", recordingId, durationMs);
        return new RecordingResult(recordingId, durationMs, "pending", LiveScore.From(summary, final.Warnings));
    }

    // A limit is never under 1 s: the audio may run this far ahead of the admission's verdict.
    private const double AudioAheadOfAdmissionMs = 1000;

    /// <summary>
    /// The chunks as they arrive. A stream item the protocol could not read as bytes (a JSON number, text that is not
    /// base64) ends the stream with SignalR's own error, as does a client that fails its stream: both become the hub's
    /// <c>invalid_format</c>.
    /// </summary>
    private static async IAsyncEnumerable<AudioChunk?> Readable(
        IAsyncEnumerable<AudioChunk?> audio, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var chunks = audio.GetAsyncEnumerator(cancellationToken);
        while (true)
        {
            bool more;
            try
            {
                more = await chunks.MoveNextAsync();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                throw HubErrors.Error(HubErrors.InvalidFormat,
                    $"the audio stream failed ({e.Message.TrimEnd('.')}); chunks are bytes: MessagePack bin, or base64 text in JSON.");
            }

            if (!more)
            {
                yield break;
            }

            yield return chunks.Current;
        }
    }

    private static void ValidateStart(RecordStart start)
    {
        if (start is null)
        {
            throw HubErrors.Error(HubErrors.InvalidRequest, "start {promptId, sampleRate, encoding} is required.");
        }

        if (start.Encoding is not null && start.Encoding != RecordingHubContract.Encoding)
        {
            throw HubErrors.Error(HubErrors.InvalidFormat, $"encoding must be {RecordingHubContract.Encoding} (16-bit little-endian mono PCM).");
        }

        if (start.SampleRate is < 8000 or > 48000)
        {
            throw HubErrors.Error(HubErrors.InvalidFormat, $"sampleRate must be 8000 to 48000 Hz; got {start.SampleRate}.");
        }
    }

    private static int ChunkBytes(int sampleRate, int milliseconds) => sampleRate * milliseconds / 1000 * Pcm16.BytesPerSample;

    private static RecordingFeedback ToFeedback(int seq, AnalysisSnapshot snapshot) => new(
        seq,
        (long)snapshot.DurationMs,
        Math.Round(snapshot.RmsDbfs, 1),
        Math.Round(snapshot.PeakDbfs, 1),
        snapshot.ClippedSamples,
        snapshot.Speaking,
        Math.Round(snapshot.NoiseFloorDbfs, 1),
        snapshot.SnrDb is { } snr ? Math.Round(snr, 1) : null,
        (long)snapshot.DurationMs,
        snapshot.Warnings);
}
