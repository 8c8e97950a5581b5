using System.Buffers;
using System.Collections.Concurrent;
using System.Numerics;
using NAudio.Dsp;

namespace VoiceFlow.Audio.Resampling;

/// <summary>
/// Converts mono PCM16 from one sample rate to another chunk by chunk with NAudio's WDL resampler, configured as
/// NAudio's <c>WdlResamplingSampleProvider</c> configures it, but fed directly from float buffers owned here (no
/// provider chain, no byte round trip, nothing allocated per chunk once the buffers have grown to the chunk size).
/// Call <see cref="Flush"/> once after the last chunk: it drains the resampler and trims or pads so the total output
/// is exactly round(input samples × output rate / input rate). Equal rates pass the samples through.
/// Chunking does not change the output: the WDL resampler treats a call that gets less input than it asked for as
/// the end of the stream (it pads with zeros), so before the flush it is only called when the buffered input can
/// supply all it asks for, and the rest waits for the next chunk.
/// Not thread-safe; one instance per stream. <see cref="Rent"/> and <see cref="Return"/> reuse instances across streams.
/// </summary>
public sealed class StreamingResampler
{
    private const int MaxInputSlice = 8192;
    private const int OutputBlock = 4096;

    // Idle instances kept per rate pair: enough for every live take of a busy node.
    private const int MaxPooledPerRates = 1024;

    private static readonly ConcurrentDictionary<(int, int), ConcurrentQueue<StreamingResampler>> Pool = new();

    private readonly WdlResampler? _wdl;

    // While streaming, WDL is asked for the same number of outputs on every call (2.5 ms of output). It resizes its
    // input buffer to each request's exact length, so a steady request is what keeps it from allocating on every call.
    private readonly int _streamBlock;
    // Buffered input not yet handed to WDL: _pendingCount samples from _pendingStart. Steps consume from the front;
    // the rest moves to the start once per chunk, not once per step.
    private float[] _pending = [];
    private int _pendingStart;
    private int _pendingCount;
    private float[] _output = [];
    // Rented instances live as long as the process: their buffers go on the pinned object heap, where the collector
    // never copies them (allocated young, every collection until they reached the oldest generation would).
    private bool _pinnedBuffers;
    private long _inputSamples;
    private long _outputSamples;
    private bool _flushed;

    public StreamingResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        InputRate = inputRate;
        OutputRate = outputRate;
        _streamBlock = Math.Max(16, outputRate / 400);
        if (inputRate == outputRate)
        {
            return;
        }

        _wdl = new WdlResampler();
        _wdl.SetMode(interp: true, filtercnt: 2, sinc: false);
        _wdl.SetFilterParms();
        _wdl.SetFeedMode(false);
        _wdl.SetRates(inputRate, outputRate);
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>
    /// A resampler for a new stream, reused when one of these rates was returned: a new one brings about 20 KB (WDL's
    /// filter state and the buffers here) that live as long as the take, and hundreds of live takes would otherwise hand
    /// the garbage collector that much to copy between generations. (WDL's reset still allocates its 8 KB filter history.)
    /// </summary>
    public static StreamingResampler Rent(int inputRate, int outputRate) =>
        Pool.TryGetValue((inputRate, outputRate), out var idle) && idle.TryDequeue(out var resampler)
            ? resampler
            : new StreamingResampler(inputRate, outputRate) { _pinnedBuffers = true };

    /// <summary>Resets <paramref name="resampler"/> and keeps it for <see cref="Rent"/>; the caller must not use it again.</summary>
    public static void Return(StreamingResampler resampler)
    {
        ArgumentNullException.ThrowIfNull(resampler);
        var idle = Pool.GetOrAdd((resampler.InputRate, resampler.OutputRate), static _ => new ConcurrentQueue<StreamingResampler>());
        if (idle.Count < MaxPooledPerRates)
        {
            resampler.Reset();
            idle.Enqueue(resampler);
        }
    }

    /// <summary>Back to the state of a new instance: no input, no output, not flushed.</summary>
    public void Reset()
    {
        _wdl?.Reset();
        _pendingStart = 0;
        _pendingCount = 0;
        _inputSamples = 0;
        _outputSamples = 0;
        _flushed = false;
    }

    /// <summary>Resamples a chunk, appending whatever output is ready to <paramref name="output"/>.</summary>
    public void Process(ReadOnlySpan<short> input, IBufferWriter<short> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (_flushed)
        {
            throw new InvalidOperationException("The resampler has been flushed.");
        }

        _inputSamples += input.Length;
        if (_wdl is null)
        {
            input.CopyTo(output.GetSpan(input.Length));
            output.Advance(input.Length);
            _outputSamples += input.Length;
            return;
        }

        while (!input.IsEmpty)
        {
            var slice = input[..Math.Min(input.Length, MaxInputSlice)];
            Buffer(slice);
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
        if (_wdl is null)
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

    private float[] NewBuffer(int atLeast)
    {
        int length = (int)BitOperations.RoundUpToPowerOf2((uint)atLeast);
        return _pinnedBuffers ? GC.AllocateUninitializedArray<float>(length, pinned: true) : new float[length];
    }

    /// <summary>Appends input as floats in [-1, 1), as NAudio's PCM16 sample provider converts it.</summary>
    private void Buffer(ReadOnlySpan<short> samples)
    {
        if (_pendingStart > 0)
        {
            _pending.AsSpan(_pendingStart, _pendingCount).CopyTo(_pending);
            _pendingStart = 0;
        }

        int needed = _pendingCount + samples.Length;
        if (needed > _pending.Length)
        {
            var larger = NewBuffer(needed);
            _pending.AsSpan(0, _pendingCount).CopyTo(larger);
            _pending = larger;
        }

        var destination = _pending.AsSpan(_pendingCount, samples.Length);
        for (int i = 0; i < samples.Length; i++)
        {
            destination[i] = samples[i] / 32768f;
        }

        _pendingCount = needed;
    }

    private void Drain(IBufferWriter<short> output, long limit, bool endOfStream)
    {
        // At the end of the stream WDL pads with zeros itself; bound the loop in case it stops producing.
        for (int guard = 0; _outputSamples < limit && guard < 10_000; guard++)
        {
            int request = endOfStream ? (int)Math.Min(OutputBlock, limit - _outputSamples) : _streamBlock;
            int n = ResampleBlock(request, endOfStream);
            if (n == 0)
            {
                return;
            }

            Pcm16.FromFloats(_output.AsSpan(0, n), output.GetSpan(n));
            output.Advance(n);
            _outputSamples += n;
        }
    }

    /// <summary>
    /// One WDL step: hands it the input it asks for and returns the outputs made. Before the end of the stream a step
    /// waits (returns 0) until all the input it asks for is buffered; at the end it gets what is left.
    /// </summary>
    private int ResampleBlock(int request, bool endOfStream)
    {
        if (request > _output.Length)
        {
            _output = NewBuffer(request);
        }

        int wanted = _wdl!.ResamplePrepare(request, 1, out var input);
        if (!endOfStream && wanted > _pendingCount)
        {
            // Safe: WDL keeps no state from a prepare that is not followed by ResampleOut.
            return 0;
        }

        int given = Math.Min(wanted, _pendingCount);
        _pending.AsSpan(_pendingStart, given).CopyTo(input);
        _pendingStart += given;
        _pendingCount -= given;
        return _wdl.ResampleOut(_output.AsSpan(0, request), given, request, 1);
    }
}
