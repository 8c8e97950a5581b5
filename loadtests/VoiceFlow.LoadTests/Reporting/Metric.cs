using System.Diagnostics;
using HdrHistogram;

namespace VoiceFlow.LoadTests.Reporting;

/// <summary>
/// Opens and closes the measured part of a scenario: values recorded outside it (warm-up, ramp, drain) are dropped,
/// and rates are counted over its length.
/// </summary>
public sealed class MeasureWindow
{
    private long _startedAt;
    private TimeSpan _closed;

    public bool Active { get; private set; }

    /// <summary>Opens the window; a window may open and close several times (interleaved phases), its length adds up.</summary>
    public void Start()
    {
        _startedAt = Stopwatch.GetTimestamp();
        Active = true;
    }

    public void Stop()
    {
        if (Active)
        {
            _closed += Stopwatch.GetElapsedTime(_startedAt);
            Active = false;
        }
    }

    public double Seconds => (_closed + (Active ? Stopwatch.GetElapsedTime(_startedAt) : TimeSpan.Zero)).TotalSeconds;
}

/// <summary>One row of a report: latencies (or other values) in an HdrHistogram, plus error and named counts.</summary>
public sealed class Metric(string name, MeasureWindow window, string unit = "ms")
{
    // Values are kept in microseconds (or thousandths of the unit), from 1 to an hour, 3 significant digits.
    private readonly LongConcurrentHistogram _histogram = new(1, 3_600_000_000L, 3);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _counts = new();
    private long _errors;
    private long _seen;

    public string Name { get; } = name;

    public string Unit { get; } = unit;

    public MeasureWindow Window { get; } = window;

    /// <summary>Values recorded since the start, measured or not (for the progress line).</summary>
    public long Seen => Interlocked.Read(ref _seen);

    public long Count => _histogram.TotalCount;

    public long Errors => Interlocked.Read(ref _errors);

    public IReadOnlyDictionary<string, long> Counts => _counts;

    public void Record(TimeSpan elapsed) => RecordValue(elapsed.TotalMilliseconds);

    public void RecordSince(long startTimestamp) => Record(Stopwatch.GetElapsedTime(startTimestamp));

    /// <summary>Records a value in the row's unit (milliseconds by default).</summary>
    public void RecordValue(double value)
    {
        Interlocked.Increment(ref _seen);
        if (Window.Active)
        {
            _histogram.RecordValue(Math.Clamp((long)Math.Round(value * 1000), 1, 3_600_000_000L));
        }
    }

    public void Error(string? kind = null)
    {
        if (Window.Active)
        {
            Interlocked.Increment(ref _errors);
            if (kind is not null)
            {
                Tally(kind);
            }
        }
    }

    /// <summary>Counts something that is neither a value nor an error (a 429, a dropped message, ...).</summary>
    public void Tally(string kind, long by = 1)
    {
        if (Window.Active)
        {
            _counts.AddOrUpdate(kind, by, (_, v) => v + by);
        }
    }

    public double Percentile(double p) => Count == 0 ? double.NaN : _histogram.GetValueAtPercentile(p) / 1000.0;

    public double Max => Count == 0 ? double.NaN : _histogram.GetValueAtPercentile(100) / 1000.0;

    public double Mean => Count == 0 ? double.NaN : _histogram.RecordedValues().Sum(v => (double)v.ValueIteratedTo * v.CountAddedInThisIterationStep) / Count / 1000.0;

    public MetricRow ToRow() => new(
        Name, Unit, Count, Window.Seconds > 0 ? Count / Window.Seconds : 0, Errors,
        Round(Percentile(50)), Round(Percentile(90)), Round(Percentile(95)), Round(Percentile(99)), Round(Max),
        _counts.IsEmpty ? null : new SortedDictionary<string, long>(_counts));

    private static double? Round(double value) => double.IsNaN(value) ? null : Math.Round(value, 3);
}

public sealed record MetricRow(
    string Name, string Unit, long Count, double Rate, long Errors,
    double? P50, double? P90, double? P95, double? P99, double? Max, SortedDictionary<string, long>? Counts);
