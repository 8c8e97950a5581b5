using VoiceFlow.Audio;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Recording.Storage;

namespace VoiceFlow.Server.Quality.Scoring;

/// <summary>A stored take's whole-take measures and, when speech recognition needs them, its samples as floats.</summary>
public sealed record AnalyzedTake(AnalysisSummary Summary, ReadOnlyMemory<float> Samples);

/// <summary>Reads a stored take once, in blocks, through the same analyser the live feedback uses.</summary>
public sealed class StoredTakeAnalyzer(IAudioStore store)
{
    private const int BlockSamples = 4096;

    /// <exception cref="FileNotFoundException">The take is not in the audio store.</exception>
    /// <exception cref="AudioFormatException">The stored file is not a readable WAV.</exception>
    public async Task<AnalyzedTake> AnalyzeAsync(string key, bool keepSamples, CancellationToken cancellationToken)
    {
        await using var stream = await store.OpenReadAsync(key, cancellationToken)
            ?? throw new FileNotFoundException($"The audio store has no take under '{key}'.");
        using var reader = WavReader.Open(stream, leaveOpen: true);
        var analyzer = new StreamingAnalyzer(reader.SampleRate, new AnalyzerOptions { MaxDurationMs = double.MaxValue });
        var samples = keepSamples ? new float[checked((int)(reader.FrameCount ?? 0))] : [];
        var kept = 0;
        var block = new short[BlockSamples];
        int read;
        while ((read = reader.ReadMono(block)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            analyzer.Append(block.AsSpan(0, read));
            if (keepSamples)
            {
                if (kept + read > samples.Length)
                {
                    Array.Resize(ref samples, Math.Max(samples.Length * 2, kept + read));
                }

                for (var i = 0; i < read; i++)
                {
                    samples[kept + i] = block[i] / (float)Pcm16.FullScale;
                }

                kept += read;
            }
        }

        return new AnalyzedTake(analyzer.Summarize(), samples.AsMemory(0, kept));
    }
}
