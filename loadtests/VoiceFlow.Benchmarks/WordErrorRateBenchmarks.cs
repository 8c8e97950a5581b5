// Word error rate, as the quality pipeline scores a take's transcript against its prompt.
// VoiceFlow.Server.Quality.Transcription.WordErrorRate arrives with the quality pipeline; until then this benchmark is
// compiled out. Once that class is in the server, delete the #if line and its #endif.
#if VOICEFLOW_WORD_ERROR_RATE
using BenchmarkDotNet.Attributes;
using VoiceFlow.Server.Quality.Transcription;

namespace VoiceFlow.Benchmarks;

[MemoryDiagnoser]
public class WordErrorRateBenchmarks
{
    private const string Reference = "The morning train left the station a little after seven, carrying commuters towards the city.";
    private const string Hypothesis = "the morning train left this station a little after seven carrying commuters toward city";

    [Benchmark(Description = "WER of a 16-word prompt")]
    public double Compute() => WordErrorRate.Compute(Reference, Hypothesis);
}
#endif
