using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace VoiceFlow.LoadTests.Reporting;

/// <summary>
/// Every Feedback of a run with its time (<c>--timeline FILE</c>): when a tail forms, where it forms shows whether the
/// whole node stalled (every stream late at once) or one part of a take (say its first second) is slow.
/// </summary>
public sealed class FeedbackTimeline
{
    private readonly ConcurrentQueue<(long At, string Group, double LatencyMs, long PositionMs)> _entries = new();

    public void Add(long timestamp, string group, TimeSpan latency, long positionInTakeMs) =>
        _entries.Enqueue((timestamp, group, latency.TotalMilliseconds, positionInTakeMs));

    /// <summary>
    /// CSV: seconds since the first entry, metric, latency in ms, position of the reported audio in its take in ms.
    /// Returns the UTC time of the first entry, to line the file up with the server's logs and traces.
    /// </summary>
    public async Task<DateTime> WriteCsvAsync(string path)
    {
        var entries = _entries.ToArray();
        long first = entries.Length == 0 ? Stopwatch.GetTimestamp() : entries.Min(e => e.At);
        await using var writer = new StreamWriter(path);
        await writer.WriteLineAsync("seconds,metric,latency_ms,position_ms");
        foreach (var (at, group, latencyMs, positionMs) in entries.OrderBy(e => e.At))
        {
            await writer.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{(at - first) / (double)Stopwatch.Frequency:0.000},{group},{latencyMs:0.00},{positionMs}"));
        }

        return DateTime.UtcNow - Stopwatch.GetElapsedTime(first);
    }
}
