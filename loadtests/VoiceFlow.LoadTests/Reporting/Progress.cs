using System.Diagnostics;
using System.Globalization;

namespace VoiceFlow.LoadTests.Reporting;

/// <summary>A live line on stderr, once a second, with the count, last-second rate and percentiles of the main rows.</summary>
public sealed class Progress : IAsyncDisposable
{
    private readonly string _name;
    private readonly IReadOnlyList<Metric> _metrics;
    private readonly Func<string>? _extra;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _startedAt = Stopwatch.GetTimestamp();
    private readonly bool _interactive = !Console.IsErrorRedirected;

    public Progress(string name, IReadOnlyList<Metric> metrics, Func<string>? extra = null)
    {
        _name = name;
        _metrics = metrics;
        _extra = extra;
        _loop = RunAsync();
    }

    private async Task RunAsync()
    {
        var last = new long[_metrics.Count];
        int tick = 0;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                tick++;
                var parts = new List<string>();
                for (int i = 0; i < _metrics.Count; i++)
                {
                    var m = _metrics[i];
                    long seen = m.Seen;
                    string p = m.Count > 0
                        ? string.Create(CultureInfo.InvariantCulture, $" p50={m.Percentile(50):0.0} p99={m.Percentile(99):0.0}")
                        : "";
                    parts.Add($"{m.Name} {seen - last[i]}/s{p}{(m.Errors > 0 ? $" err={m.Errors}" : "")}");
                    last[i] = seen;
                }

                string window = _metrics.Count > 0 && _metrics[0].Window.Active ? "measuring" : "warm-up";
                string line = string.Create(CultureInfo.InvariantCulture,
                    $"[{_name} {Stopwatch.GetElapsedTime(_startedAt).TotalSeconds:0}s {window}] {string.Join(" | ", parts)}{(_extra is null ? "" : " | " + _extra())}");
                if (_interactive)
                {
                    Console.Error.Write("\r" + line.PadRight(Math.Min(200, Math.Max(line.Length, Console.WindowWidth > 0 ? Console.WindowWidth - 1 : 0))));
                }
                else if (tick % 5 == 0)
                {
                    Console.Error.WriteLine(line);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        if (_interactive)
        {
            Console.Error.WriteLine();
        }

        _stop.Dispose();
    }
}
