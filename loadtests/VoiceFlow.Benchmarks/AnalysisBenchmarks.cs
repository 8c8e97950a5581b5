using BenchmarkDotNet.Attributes;
using VoiceFlow.Audio.Analysis;

namespace VoiceFlow.Benchmarks;

/// <summary>
/// The recording hub's per-frame work: <see cref="StreamingAnalyzer"/> on 10 ms frames of speech (level, peak, clipping,
/// VAD, noise floor, WADA and spectral SNR). Each invocation feeds one second (100 frames); results are per frame.
/// Target (issue 5): at most 5 µs per 10 ms frame.
/// </summary>
[MemoryDiagnoser]
public class AnalysisBenchmarks
{
    private const int FramesPerInvoke = 100;
    private short[] _audio = [];
    private StreamingAnalyzer _analyzer = null!;
    private int _offset;

    [Params(16_000, 48_000)]
    public int SampleRate { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _audio = Signals.Speech(SampleRate, 10);
        _analyzer = new StreamingAnalyzer(SampleRate, new AnalyzerOptions { MaxDurationMs = double.MaxValue });
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke, Description = "analyse one 10 ms frame")]
    public void AnalyzeFrame()
    {
        int frame = SampleRate / 100;
        var analyzer = _analyzer;
        for (int i = 0; i < FramesPerInvoke; i++)
        {
            if (_offset + frame > _audio.Length)
            {
                _offset = 0;
            }

            analyzer.Append(_audio.AsSpan(_offset, frame));
            _offset += frame;
        }
    }

    [Benchmark(OperationsPerInvoke = FramesPerInvoke / 10, Description = "100 ms of frames + Feedback snapshot")]
    public AnalysisSnapshot AnalyzeWithSnapshot()
    {
        int frame = SampleRate / 100;
        AnalysisSnapshot snapshot = null!;
        for (int i = 0; i < FramesPerInvoke; i++)
        {
            if (_offset + frame > _audio.Length)
            {
                _offset = 0;
            }

            _analyzer.Append(_audio.AsSpan(_offset, frame));
            _offset += frame;
            if (i % 10 == 9)
            {
                snapshot = _analyzer.Snapshot();
            }
        }

        return snapshot;
    }
}
