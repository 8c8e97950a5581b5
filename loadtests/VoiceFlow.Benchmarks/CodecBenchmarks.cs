using BenchmarkDotNet.Attributes;
using VoiceFlow.Audio.Codecs;

namespace VoiceFlow.Benchmarks;

/// <summary>G.711 μ-law for the <c>ulaw_8000</c> TTS format: one 40 ms frame (320 samples) each way.</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private short[] _pcm = [];
    private byte[] _encoded = [];
    private readonly short[] _decoded = new short[320];

    [GlobalSetup]
    public void Setup()
    {
        _pcm = Signals.Speech(8_000, 1)[..320];
        _encoded = MuLaw.Encode(_pcm);
    }

    [Benchmark(Description = "mu-law encode, 40 ms at 8 kHz")]
    public byte Encode()
    {
        Span<byte> destination = stackalloc byte[320];
        MuLaw.Encode(_pcm, destination);
        return destination[0];
    }

    [Benchmark(Description = "mu-law decode, 40 ms at 8 kHz")]
    public short Decode()
    {
        MuLaw.Decode(_encoded, _decoded);
        return _decoded[0];
    }
}
