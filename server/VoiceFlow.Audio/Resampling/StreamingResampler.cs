using System.Buffers;
using NAudio.Wave;
using NAudio.Wave.SampleProviders;

namespace VoiceFlow.Audio.Resampling;

/// <summary>
/// Converts mono PCM16 from one sample rate to another chunk by chunk, using NAudio's WDL resampler
/// fed through a <see cref="BufferedWaveProvider"/>. Call <see cref="Flush"/> once after the last chunk:
/// it drains the resampler and trims or pads so the total output is exactly
/// round(input samples × output rate / input rate). Equal rates pass the samples through.
/// Chunking does not change the output: the WDL resampler treats a read that gets less input than it asked
/// for as the end of the stream (it pads with zeros), so before the flush only as much output is requested
/// as the buffered input can fully supply, and a few input samples wait for the next chunk.
/// Not thread-safe; one instance per stream.
/// </summary>
public sealed class StreamingResampler
{
    private const int MaxInputSlice = 8192;
    private const int OutputBlock = 4096;

    // WDL asks for ratio × outputs + 4 new input samples (linear interpolation, no sinc filter).
    private const int InputMargin = 5;

    private readonly BufferedWaveProvider? _input;
    private readonly WdlResamplingSampleProvider? _resampler;
    private readonly float[] _output = new float[OutputBlock];
    private readonly byte[] _inputBytes = new byte[MaxInputSlice * Pcm16.BytesPerSample];
    private readonly double _inputPerOutput;
    private long _inputSamples;
    private long _outputSamples;
    private bool _flushed;

    public StreamingResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        _inputPerOutput = (double)inputRate / outputRate;
        if (inputRate == outputRate)
        {
            return;
        }

        // Room for two slices; the buffer is drained after every slice.
        var bufferDuration = TimeSpan.FromSeconds(1 + (2.0 * MaxInputSlice / inputRate));
        _input = new BufferedWaveProvider(new WaveFormat(inputRate, 16, 1), bufferDuration) { ReadFully = false };
        _resampler = new WdlResamplingSampleProvider(new Pcm16BitToSampleProvider(_input), outputRate);
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>Resamples a chunk, appending whatever output is ready to <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<short> input, IBufferWriter<short> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_flushed)
        {
            throw new InvalidOperationException("The resampler has been flushed.");
        }

        _inputSamples += input.Length;
        if (_resampler is null)
        {
            input.CopyTo(output.GetSpan(input.Length));
            output.Advance(input.Length);
            _outputSamples += input.Length;
            return;
        }

        while (!input.IsEmpty)
        {
            var slice = input[..Math.Min(input.Length, MaxInputSlice)];
            int bytes = Pcm16.ToBytes(slice, _inputBytes);
            _input!.AddSamples(_inputBytes.AsSpan(0, bytes));
            Drain(output, long.MaxValue, endOfStream: false);
            input = input[slice.Length..];
        }
    }

    /// <summary>Resamples a chunk and returns the output that is ready (allocates; see the <see cref="IBufferWriter{T}"/> overload).</summary>
    public short[] Process(ReadOnlySpan<short> input)
    {
        var output = new ArrayBufferWriter<short>(Math.Max(16, EstimateOutput(input.Length) + 64));
        Process(input, output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Emits the resampler's remaining output after the last chunk. Further calls do nothing.</summary>
    public void Flush(IBufferWriter<short> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_flushed)
        {
            return;
        }

        _flushed = true;
        if (_resampler is null)
        {
            return;
        }

        long expected = (long)Math.Round(_inputSamples * (double)OutputRate / InputRate);
        Drain(output, expected, endOfStream: true);
        if (_outputSamples < expected)
        {
            int missing = (int)(expected - _outputSamples);
            output.GetSpan(missing)[..missing].Clear();
            output.Advance(missing);
            _outputSamples = expected;
        }
    }

    public short[] Flush()
    {
        var output = new ArrayBufferWriter<short>(256);
        Flush(output);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Resamples a whole signal in one call.</summary>
    public static short[] Resample(ReadOnlySpan<short> input, int inputRate, int outputRate)
    {
        var resampler = new StreamingResampler(inputRate, outputRate);
        var output = new ArrayBufferWriter<short>(resampler.EstimateOutput(input.Length) + 64);
        resampler.Process(input, output);
        resampler.Flush(output);
        return output.WrittenSpan.ToArray();
    }

    private int EstimateOutput(int inputSamples) => (int)((long)inputSamples * OutputRate / InputRate);

    private void Drain(IBufferWriter<short> output, long limit, bool endOfStream)
    {
        // At the end of the stream WDL pads with zeros itself; bound the loop in case it stops producing.
        for (int guard = 0; _outputSamples < limit && guard < 10_000; guard++)
        {
            int request = (int)Math.Min(OutputBlock, limit - _outputSamples);
            if (!endOfStream)
            {
                int available = _input!.BufferedBytes / Pcm16.BytesPerSample;
                request = Math.Min(request, (int)((available - InputMargin) / _inputPerOutput));
                if (request <= 0)
                {
                    return;
                }
            }

            int n = _resampler!.Read(_output.AsSpan(0, request));
            if (n == 0)
            {
                return;
            }

            Pcm16.FromFloats(_output.AsSpan(0, n), output.GetSpan(n));
            output.Advance(n);
            _outputSamples += n;
        }
    }
}
