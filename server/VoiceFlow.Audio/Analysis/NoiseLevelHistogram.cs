namespace VoiceFlow.Audio.Analysis;

/// <summary>
/// Non-speech frame powers binned by level (1 dB bins from -120 to 0 dBFS). Keeping the bins instead of one
/// running mean lets the noise power be re-measured against the current floor at any time, so frames that
/// were classified before the floor settled (speech at the very start of a take) do not count as noise.
/// </summary>
public sealed class NoiseLevelHistogram
{
    private const int Bins = 121;

    private readonly long[] _counts = new long[Bins];
    private readonly double[] _powerSums = new double[Bins];

    public long Count { get; private set; }

    public void Add(double levelDbfs, double power)
    {
        int bin = Math.Clamp((int)Math.Floor(levelDbfs - Pcm16.SilenceDbfs), 0, Bins - 1);
        _counts[bin]++;
        _powerSums[bin] += power;
        Count++;
    }

    /// <summary>Mean power of the frames at most <paramref name="maxLevelDbfs"/> (bin resolution); null if none.</summary>
    public double? MeanPowerBelow(double maxLevelDbfs)
    {
        int last = Math.Clamp((int)Math.Floor(maxLevelDbfs - Pcm16.SilenceDbfs), 0, Bins - 1);
        long count = 0;
        double sum = 0;
        for (int bin = 0; bin <= last; bin++)
        {
            count += _counts[bin];
            sum += _powerSums[bin];
        }

        return count == 0 ? null : sum / count;
    }
}
