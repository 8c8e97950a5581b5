using BenchmarkDotNet.Attributes;
using VoiceFlow.Server.Quality.Transcription;

namespace VoiceFlow.Benchmarks;

/// <summary>Word error rate, as the quality pipeline scores a take's transcript against its prompt (normalization included).</summary>
[MemoryDiagnoser]
public class WordErrorRateBenchmarks
{
    private const string Reference = "The morning train left the station a little after seven, carrying commuters towards the city.";
    private const string Hypothesis = "the morning train left this station a little after seven carrying commuters toward city";

    [Benchmark(Description = "WER of a 16-word prompt")]
    public double Compute() => WordErrorRate.Compute(Reference, Hypothesis);
}
