namespace VoiceFlow.Audio.Analysis;

/// <summary>Counts samples at or near full scale, and runs of them too long to be a genuine waveform peak.</summary>
public sealed class ClipDetector
{
    private readonly int _clipLevel;
    private readonly int _minRunLength;
    private int _currentRun;

    /// <param name="minRunLength">A run counts once it is longer than this many samples.</param>
    public ClipDetector(double clipLevel, int minRunLength)
    {
        _clipLevel = (int)(clipLevel * Pcm16.FullScale);
        _minRunLength = minRunLength;
    }

    public long ClippedSamples { get; private set; }

    public long ClippedRuns { get; private set; }

    /// <summary>Returns the number of clipped samples in this block; runs carry over between blocks.</summary>
    /// <param name="peak">The block's largest magnitude, when known: below the clip level the scan is skipped.</param>
    public int Add(ReadOnlySpan<short> samples, int peak = int.MaxValue)
    {
        if (peak < _clipLevel)
        {
            _currentRun = 0;
            return 0;
        }

        int clipped = 0;
        foreach (short s in samples)
        {
            if (Math.Abs((int)s) >= _clipLevel)
            {
                clipped++;
                if (++_currentRun == _minRunLength + 1)
                {
                    ClippedRuns++;
                }
            }
            else
            {
                _currentRun = 0;
            }
        }

        ClippedSamples += clipped;
        return clipped;
    }
}
