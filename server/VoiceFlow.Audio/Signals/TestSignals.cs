using System.Buffers;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Synthesis;

namespace VoiceFlow.Audio.Signals;

/// <summary>
/// Deterministic mono PCM16 test signals for unit, server and load tests. Levels are dBFS as in
/// <see cref="Pcm16"/>; random signals take a seed so every run produces the same samples.
/// </summary>
public static class TestSignals
{
    public static short[] Silence(double durationMs, int sampleRate) =>
        new short[Pcm16.MillisecondsToSamples(durationMs, sampleRate)];

    /// <param name="peakDbfs">Peak amplitude (a sine's RMS is 3.01 dB lower).</param>
    public static short[] Sine(double frequencyHz, double durationMs, int sampleRate, double peakDbfs = -6)
    {
        var samples = new short[Pcm16.MillisecondsToSamples(durationMs, sampleRate)];
        double amplitude = Pcm16.DbfsToAmplitude(peakDbfs) * Pcm16.FullScale;
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = Pcm16.Clamp(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate));
        }

        return samples;
    }

    /// <summary>Gaussian white noise with the given RMS level.</summary>
    public static short[] WhiteNoise(double durationMs, int sampleRate, double rmsDbfs, int seed = 1)
    {
        var samples = new short[Pcm16.MillisecondsToSamples(durationMs, sampleRate)];
        var random = new Random(seed);
        double sigma = Pcm16.DbfsToAmplitude(rmsDbfs) * Pcm16.FullScale;
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = Pcm16.Clamp(sigma * Gaussian(random));
        }

        return samples;
    }

    /// <summary>Multiplies by a gain, hard-limiting at full scale (gains above 0 dB clip loud parts).</summary>
    public static short[] Gain(ReadOnlySpan<short> signal, double gainDb)
    {
        double gain = Pcm16.DbfsToAmplitude(gainDb);
        var result = new short[signal.Length];
        for (int i = 0; i < signal.Length; i++)
        {
            result[i] = Pcm16.Clamp(signal[i] * gain);
        }

        return result;
    }

    /// <summary>Scales up so the peak would be <paramref name="overdriveDb"/> above full scale, then hard-clips.</summary>
    public static short[] Clip(ReadOnlySpan<short> signal, double overdriveDb = 12) =>
        Gain(signal, overdriveDb - Pcm16.PeakDbfs(signal));

    /// <summary>Scales so the RMS over the whole signal is <paramref name="rmsDbfs"/>.</summary>
    public static short[] ScaleToRms(ReadOnlySpan<short> signal, double rmsDbfs) =>
        Gain(signal, rmsDbfs - Pcm16.RmsDbfs(signal));

    /// <summary>Scales so the active speech level (see <see cref="ActiveLevelDbfs"/>) is <paramref name="levelDbfs"/>.</summary>
    public static short[] ScaleToActiveLevel(ReadOnlySpan<short> signal, int sampleRate, double levelDbfs) =>
        Gain(signal, levelDbfs - ActiveLevelDbfs(signal, sampleRate));

    /// <summary>
    /// Mean power of the 10 ms frames that are within 40 dB of the loudest frame, in dBFS: the level of the
    /// speech while it is active, ignoring pauses and silence (a simplified ITU-T P.56 active speech level).
    /// </summary>
    public static double ActiveLevelDbfs(ReadOnlySpan<short> signal, int sampleRate)
    {
        int frame = sampleRate / 100;
        int frames = signal.Length / frame;
        if (frames == 0)
        {
            return Pcm16.RmsDbfs(signal);
        }

        var levels = ArrayPool<double>.Shared.Rent(frames);
        try
        {
            double loudest = double.MinValue;
            for (int f = 0; f < frames; f++)
            {
                levels[f] = Pcm16.RmsDbfs(signal.Slice(f * frame, frame));
                loudest = Math.Max(loudest, levels[f]);
            }

            double sum = 0;
            int active = 0;
            for (int f = 0; f < frames; f++)
            {
                if (levels[f] >= loudest - 40)
                {
                    sum += Pcm16.DbfsToPower(levels[f]);
                    active++;
                }
            }

            return Pcm16.PowerToDbfs(sum / active);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(levels);
        }
    }

    /// <summary>
    /// Adds noise scaled so that active speech level (see <see cref="ActiveLevelDbfs"/>) over noise RMS is
    /// <paramref name="snrDb"/>. The noise repeats if shorter than the speech; the sum is hard-limited.
    /// </summary>
    public static short[] MixAtSnr(ReadOnlySpan<short> speech, ReadOnlySpan<short> noise, int sampleRate, double snrDb)
    {
        if (noise.IsEmpty)
        {
            throw new ArgumentException("The noise is empty.", nameof(noise));
        }

        double noiseGain = Pcm16.DbfsToAmplitude(ActiveLevelDbfs(speech, sampleRate) - snrDb - Pcm16.RmsDbfs(noise));
        var mixed = new short[speech.Length];
        for (int i = 0; i < speech.Length; i++)
        {
            mixed[i] = Pcm16.Clamp(speech[i] + (noise[i % noise.Length] * noiseGain));
        }

        return mixed;
    }

    /// <summary>Adds Gaussian white noise at <paramref name="snrDb"/> below the active speech level.</summary>
    public static short[] AddWhiteNoise(ReadOnlySpan<short> speech, int sampleRate, double snrDb, int seed = 1)
    {
        double durationMs = Pcm16.SamplesToMilliseconds(speech.Length, sampleRate);
        return MixAtSnr(speech, WhiteNoise(durationMs, sampleRate, -30, seed), sampleRate, snrDb);
    }

    /// <summary>Adds two signals sample by sample (the result is as long as the longer one), hard-limiting the sum.</summary>
    public static short[] Add(ReadOnlySpan<short> a, ReadOnlySpan<short> b)
    {
        var sum = new short[Math.Max(a.Length, b.Length)];
        for (int i = 0; i < sum.Length; i++)
        {
            int x = (i < a.Length ? a[i] : 0) + (i < b.Length ? b[i] : 0);
            sum[i] = (short)Math.Clamp(x, short.MinValue, short.MaxValue);
        }

        return sum;
    }

    public static short[] Concat(params ReadOnlySpan<short[]> parts)
    {
        int length = 0;
        foreach (var part in parts)
        {
            length += part.Length;
        }

        var result = new short[length];
        int offset = 0;
        foreach (var part in parts)
        {
            part.CopyTo(result, offset);
            offset += part.Length;
        }

        return result;
    }

    /// <summary>Synthesizes speech with <paramref name="engine"/> and resamples it to <paramref name="sampleRate"/>.</summary>
    public static async Task<short[]> SpeechAsync(
        ISpeechEngine engine,
        string text,
        int sampleRate,
        string voice = "en-us",
        SpeechOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var resampler = new StreamingResampler(engine.SampleRate, sampleRate);
        var output = new ArrayBufferWriter<short>(sampleRate * 4);
        await foreach (var chunk in engine.SynthesizeAsync(text, voice, options, cancellationToken))
        {
            resampler.Process(chunk.Samples, output);
        }

        resampler.Flush(output);
        return output.WrittenSpan.ToArray();
    }

    private static double Gaussian(Random random)
    {
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
