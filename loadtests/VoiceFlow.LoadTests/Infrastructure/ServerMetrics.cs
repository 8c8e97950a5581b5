using System.Diagnostics;
using System.Globalization;
using VoiceFlow.LoadTests.Reporting;

namespace VoiceFlow.LoadTests.Infrastructure;

/// <summary>One read of a server's Prometheus <c>/metrics</c> (prometheus-net's process and .NET metrics, VoiceFlow's own).</summary>
public sealed class MetricsSnapshot
{
    private readonly List<(string Name, string Labels, double Value)> _samples;

    private MetricsSnapshot(Uri server, List<(string, string, double)> samples, long at)
    {
        Server = server;
        _samples = samples;
        At = at;
    }

    public Uri Server { get; }

    public long At { get; }

    public bool Available => _samples.Count > 0;

    public static async Task<MetricsSnapshot> ReadAsync(HttpClient http, Uri server, CancellationToken cancellationToken = default)
    {
        var samples = new List<(string, string, double)>();
        long at = Stopwatch.GetTimestamp();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            var text = await http.GetStringAsync(new Uri(server, "/metrics"), timeout.Token);
            foreach (var raw in text.Split('\n'))
            {
                var line = raw.Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                int space = line.LastIndexOf(' ');
                if (space <= 0 || !double.TryParse(line.AsSpan(space + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                {
                    continue;
                }

                var key = line[..space];
                int brace = key.IndexOf('{', StringComparison.Ordinal);
                samples.Add(brace < 0 ? (key, "", value) : (key[..brace], key[(brace + 1)..^1], value));
            }
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            Console.Error.WriteLine($"warning: could not read {server}/metrics: {e.Message}");
        }

        return new MetricsSnapshot(server, samples, at);
    }

    public double Value(string name, string? labelContains = null) =>
        _samples.Where(s => s.Name == name && (labelContains is null || s.Labels.Contains(labelContains, StringComparison.Ordinal)))
            .Select(s => s.Value).DefaultIfEmpty(double.NaN).Sum();

    /// <summary>Cumulative bucket counts of a histogram, by upper bound.</summary>
    public SortedDictionary<double, double> Buckets(string histogram, string? labelContains = null)
    {
        var buckets = new SortedDictionary<double, double>();
        foreach (var (name, labels, value) in _samples)
        {
            if (name != histogram + "_bucket" || (labelContains is not null && !labels.Contains(labelContains, StringComparison.Ordinal)))
            {
                continue;
            }

            int le = labels.IndexOf("le=\"", StringComparison.Ordinal);
            if (le < 0)
            {
                continue;
            }

            var bound = labels[(le + 4)..labels.IndexOf('"', le + 4)];
            double upper = bound == "+Inf" ? double.PositiveInfinity : double.Parse(bound, CultureInfo.InvariantCulture);
            buckets[upper] = buckets.GetValueOrDefault(upper) + value;
        }

        return buckets;
    }

    /// <summary>The server's CPU and memory between two reads.</summary>
    public static ServerUsage Usage(MetricsSnapshot before, MetricsSnapshot after)
    {
        double cpu = after.Value("process_cpu_seconds_total") - before.Value("process_cpu_seconds_total");
        double wall = Stopwatch.GetElapsedTime(before.At, after.At).TotalSeconds;
        const double MiB = 1024 * 1024;
        return new ServerUsage(
            before.Server.ToString(), Math.Round(cpu, 2), wall > 0 ? Math.Round(cpu / wall, 2) : 0,
            Math.Round(before.Value("process_working_set_bytes") / MiB, 1), Math.Round(after.Value("process_working_set_bytes") / MiB, 1),
            Math.Round(before.Value("dotnet_total_memory_bytes") / MiB, 1), Math.Round(after.Value("dotnet_total_memory_bytes") / MiB, 1));
    }

    /// <summary>
    /// A quantile of what a histogram observed between two reads, interpolated linearly inside the bucket like
    /// Prometheus' histogram_quantile (so it is only as fine as the buckets).
    /// </summary>
    public static (double Count, double? Quantile) HistogramQuantile(MetricsSnapshot before, MetricsSnapshot after, string histogram, string? labels, double q)
    {
        var a = before.Buckets(histogram, labels);
        var b = after.Buckets(histogram, labels);
        var deltas = b.Select(kv => (Upper: kv.Key, Count: kv.Value - a.GetValueOrDefault(kv.Key))).ToList();
        if (deltas.Count == 0 || deltas[^1].Count <= 0)
        {
            return (0, null);
        }

        double total = deltas[^1].Count;
        double rank = q * total;
        double lowerBound = 0, lowerCount = 0;
        foreach (var (upper, count) in deltas)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(upper))
                {
                    return (total, lowerBound);
                }

                double inBucket = count - lowerCount;
                return (total, inBucket <= 0 ? upper : lowerBound + ((upper - lowerBound) * (rank - lowerCount) / inBucket));
            }

            lowerBound = upper;
            lowerCount = count;
        }

        return (total, lowerBound);
    }
}

/// <summary>Reads every target's /metrics before and after a scenario.</summary>
public sealed class ServerWatch(HttpClient http, IReadOnlyList<Uri> servers)
{
    private List<MetricsSnapshot> _before = [];

    public IReadOnlyList<MetricsSnapshot> Before => _before;

    /// <summary>The first server's metrics now.</summary>
    public Task<MetricsSnapshot> ReadAsync() => MetricsSnapshot.ReadAsync(http, servers[0]);

    public async Task StartAsync() =>
        _before = [.. await Task.WhenAll(servers.Select(s => MetricsSnapshot.ReadAsync(http, s)))];

    public async Task<IReadOnlyList<MetricsSnapshot>> StopAsync(ScenarioReport report)
    {
        var after = await Task.WhenAll(servers.Select(s => MetricsSnapshot.ReadAsync(http, s)));
        for (int i = 0; i < after.Length; i++)
        {
            if (_before[i].Available && after[i].Available)
            {
                report.Servers.Add(MetricsSnapshot.Usage(_before[i], after[i]));
            }
        }

        return after;
    }
}
