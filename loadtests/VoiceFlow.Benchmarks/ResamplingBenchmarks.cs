using System.Buffers;
using BenchmarkDotNet.Attributes;
using VoiceFlow.Audio.Resampling;

namespace VoiceFlow.Benchmarks;

/// <summary>
/// Streaming resampling as the hubs do it: a recording's 48 kHz microphone audio to the stored 16 kHz, one 20 ms chunk
/// at a time, and espeak-ng's 22050 Hz to a TTS format's 24000 Hz, one 40 ms frame at a time.
/// </summary>
[MemoryDiagnoser]
public class ResamplingBenchmarks
{
    private short[] _mic = [];
    private short[] _speech = [];
    private StreamingResampler _down = null!;
    private StreamingResampler _up = null!;
    private readonly ArrayBufferWriter<short> _output = new(4096);
    private int _micOffset;
    private int _speechOffset;

    [GlobalSetup]
    public void Setup()
    {
        _mic = Signals.Speech(48_000, 5);
        _speech = Signals.Speech(22_050, 5);
        _down = new StreamingResampler(48_000, 16_000);
        _up = new StreamingResampler(22_050, 24_000);
    }

    [Benchmark(Description = "48 kHz -> 16 kHz, one 20 ms chunk")]
    public int Resample48To16()
    {
        const int Chunk = 960;
        if (_micOffset + Chunk > _mic.Length)
        {
            _micOffset = 0;
        }

        _output.ResetWrittenCount();
        _down.Process(_mic.AsSpan(_micOffset, Chunk), _output);
        _micOffset += Chunk;
        return _output.WrittenCount;
    }

    [Benchmark(Description = "22.05 kHz -> 24 kHz, one 40 ms frame")]
    public int Resample22To24()
    {
        const int Frame = 882;
        if (_speechOffset + Frame > _speech.Length)
        {
            _speechOffset = 0;
        }

        _output.ResetWrittenCount();
        _up.Process(_speech.AsSpan(_speechOffset, Frame), _output);
        _speechOffset += Frame;
        return _output.WrittenCount;
    }
}
