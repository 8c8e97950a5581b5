namespace VoiceFlow.Audio.Analysis;

/// <summary>
/// Accumulates spectral clarity measures over speech frames: mean per-frame flatness, and the centroid and
/// 95% roll-off of the long-term average spectrum. Bin 0 (DC) is ignored.
/// </summary>
public sealed class SpectralAccumulator
{
    private readonly RealPowerSpectrum _spectrum;
    private readonly float[] _power;
    private readonly double[] _longTerm;
    private readonly double _binHz;
    private double _flatnessSum;
    private long _frames;

    public SpectralAccumulator(int frameLength, int sampleRate)
    {
        _spectrum = new RealPowerSpectrum(frameLength);
        _power = new float[_spectrum.BinCount];
        _longTerm = new double[_spectrum.BinCount];
        _binHz = (double)sampleRate / _spectrum.FftSize;
    }

    public void Add(ReadOnlySpan<short> frame)
    {
        _spectrum.Compute(frame, _power);
        double sum = 0;
        double sumLog = 0;
        for (int k = 1; k < _power.Length; k++)
        {
            float p = _power[k];
            _longTerm[k] += p;
            sum += p;
            sumLog += MathF.Log(p + 1e-20f);
        }

        if (sum <= 0)
        {
            return;
        }

        int bins = _power.Length - 1;
        _flatnessSum += Math.Exp(sumLog / bins) / (sum / bins);
        _frames++;
    }

    public double? Flatness => _frames == 0 ? null : _flatnessSum / _frames;

    public double? CentroidHz
    {
        get
        {
            double total = 0, weighted = 0;
            for (int k = 1; k < _longTerm.Length; k++)
            {
                total += _longTerm[k];
                weighted += _longTerm[k] * k * _binHz;
            }

            return total > 0 ? weighted / total : null;
        }
    }

    public double? RolloffHz(double fraction = 0.95)
    {
        double total = 0;
        for (int k = 1; k < _longTerm.Length; k++)
        {
            total += _longTerm[k];
        }

        if (total <= 0)
        {
            return null;
        }

        double cumulative = 0;
        for (int k = 1; k < _longTerm.Length; k++)
        {
            cumulative += _longTerm[k];
            if (cumulative >= fraction * total)
            {
                return k * _binHz;
            }
        }

        return (_longTerm.Length - 1) * _binHz;
    }
}
