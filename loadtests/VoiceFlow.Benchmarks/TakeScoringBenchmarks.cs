using BenchmarkDotNet.Attributes;
using VoiceFlow.Audio.Analysis;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Quality.Scoring;

namespace VoiceFlow.Benchmarks;

/// <summary>
/// The quality worker's work on one stored take without speech recognition: read a 10 s, 16 kHz WAV through the
/// analyser and weigh the score. Target (quality pipeline issue): under 2 s of CPU per 10 s take.
/// </summary>
[MemoryDiagnoser]
public class TakeScoringBenchmarks
{
    private byte[] _wav = [];

    [GlobalSetup]
    public void Setup()
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 16_000, leaveOpen: true))
        {
            writer.Write(Signals.Speech(16_000, 10));
            writer.Complete();
        }

        _wav = stream.ToArray();
    }

    [Benchmark(Description = "score a 10 s take (no ASR)")]
    public TakeScore ScoreTenSecondTake()
    {
        using var wav = new MemoryStream(_wav, writable: false);
        var summary = StreamingAnalyzer.AnalyzeWav(wav, new AnalyzerOptions { MaxDurationMs = double.MaxValue });
        return TakeScorer.Score(summary, transcriptMatch: null, TimeSpan.FromSeconds(30));
    }
}
