using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using VoiceFlow.Audio;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Infrastructure.Database;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Recording;

/// <summary>The non-streaming path: a WAV file (PCM, any rate, mono or stereo) goes through the same analysis and storage as a streamed take.</summary>
public sealed class TakeUploader(
    VoiceFlowDbContext db, IAudioStore store, TakeStorageThreads storageThreads, RecordingStore recordings, IOptions<RecordingOptions> options,
    TimeProvider clock)
{
    public async Task<UploadOutcome> UploadAsync(Guid contributorId, Guid promptId, Stream wavFile, CancellationToken cancellationToken)
    {
        var prompt = await db.Prompts.AsNoTracking().FirstOrDefaultAsync(p => p.Id == promptId && p.Active, cancellationToken);
        if (prompt is null)
        {
            return UploadOutcome.Refused("not_found", "No such prompt.");
        }

        WavReader reader;
        try
        {
            reader = WavReader.Open(wavFile, leaveOpen: true);
        }
        catch (AudioFormatException e)
        {
            return UploadOutcome.Refused(e.Code, e.Message);
        }

        using (reader)
        {
            var limit = options.Value.LimitFor(prompt.TargetDurationSeconds);
            var recordingId = Guid.CreateVersion7();
            var now = clock.GetUtcNow();
            await using var take = TakeWriter.Begin(
                store, storageThreads, TakeWriter.NewKey(recordingId, now), reader.Format.SampleRate, limit, cancellationToken);
            var buffer = new short[reader.Format.SampleRate / 10];
            try
            {
                int read;
                while ((read = reader.ReadMono(buffer)) > 0)
                {
                    await take.AppendAsync(buffer.AsMemory(0, read), cancellationToken);
                    if (take.Analyzer.DurationMs > limit.TotalMilliseconds)
                    {
                        return UploadOutcome.Refused(AudioWarningCodes.TooLong, $"The take is longer than this prompt's limit of {limit.TotalSeconds:0} s.");
                    }
                }
            }
            catch (AudioFormatException e)
            {
                return UploadOutcome.Refused(e.Code, e.Message);
            }

            if (take.Analyzer.TotalSamples == 0)
            {
                return UploadOutcome.Refused("invalid_format", "The file holds no audio.");
            }

            var durationMs = (int)Math.Round(take.Analyzer.DurationMs);
            await take.CommitAsync(cancellationToken);
            try
            {
                await recordings.AddAsync(recordingId, contributorId, prompt.Id, take.Key, durationMs, now, cancellationToken);
            }
            catch
            {
                await store.DeleteAsync(take.Key, CancellationToken.None);
                throw;
            }

            return UploadOutcome.Stored(recordingId);
        }
    }
}

public sealed record UploadOutcome(Guid? RecordingId, string? Code, string? Detail)
{
    public static UploadOutcome Stored(Guid id) => new(id, null, null);

    public static UploadOutcome Refused(string code, string detail) => new(null, code, detail);
}
