namespace VoiceFlow.Audio.Analysis;

/// <summary>One pass over a frame for everything the analyzer needs per sample.</summary>
internal readonly record struct FrameStatistics(long SumSquares, long Sum, int Peak, long SumAbs, double SumLogAbs)
{
    public static FrameStatistics Measure(ReadOnlySpan<short> frame)
    {
        float[] logTable = WadaSnr.LogMagnitude;
        long sumSquares = 0;
        long sum = 0;
        long sumAbs = 0;
        int peak = 0;
        float sumLog = 0;
        foreach (short s in frame)
        {
            int x = s;
            int magnitude = Math.Abs(x);
            sumSquares += x * x;
            sum += x;
            sumAbs += magnitude;
            peak = Math.Max(peak, magnitude);
            sumLog += logTable[magnitude];
        }

        return new FrameStatistics(sumSquares, sum, peak, sumAbs, sumLog);
    }
}
