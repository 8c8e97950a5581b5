namespace VoiceFlow.LoadTests.Reporting;

/// <summary>What one scenario (or one phase of it) measured: its rows, notes such as floor ratios, and the servers' resources.</summary>
public sealed class ScenarioReport(string name, string protocol, int streams)
{
    public string Name { get; } = name;

    public string Protocol { get; } = protocol;

    public int Streams { get; } = streams;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;

    public double MeasuredSeconds { get; set; }

    public bool Printed { get; set; }

    public List<Metric> Metrics { get; } = [];

    public SortedDictionary<string, string> Notes { get; } = new(StringComparer.Ordinal);

    public List<ServerUsage> Servers { get; } = [];

    public Metric Add(Metric metric)
    {
        Metrics.Add(metric);
        return metric;
    }

    public void Note(string key, string value) => Notes[key] = value;

    public void Note(string key, double value, string format = "0.###") =>
        Notes[key] = value.ToString(format, System.Globalization.CultureInfo.InvariantCulture);

    public object ToJson() => new
    {
        scenario = Name,
        protocol = Protocol,
        streams = Streams,
        startedAt = StartedAt,
        measuredSeconds = Math.Round(MeasuredSeconds, 2),
        rows = Metrics.Select(m => m.ToRow()).ToList(),
        notes = Notes,
        servers = Servers,
    };
}

/// <summary>A server's CPU and memory over a scenario, from its /metrics before and after.</summary>
public sealed record ServerUsage(
    string Url, double CpuSeconds, double CpuCoresAverage, double WorkingSetMiBBefore, double WorkingSetMiBAfter,
    double GcHeapMiBBefore, double GcHeapMiBAfter);
