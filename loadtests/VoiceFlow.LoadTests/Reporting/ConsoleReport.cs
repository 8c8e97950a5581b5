using System.Globalization;
using System.Text;
using System.Text.Json;

namespace VoiceFlow.LoadTests.Reporting;

/// <summary>Prints the table of a scenario and writes every report of the run as JSON.</summary>
public static class ConsoleReport
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Print(ScenarioReport report, TextWriter output)
    {
        report.Printed = true;
        output.WriteLine();
        output.WriteLine($"== {report.Name}  ({report.Protocol}, {report.Streams} streams, {report.MeasuredSeconds:0.0} s measured)");
        var header = new[] { "metric", "count", "rate/s", "errors", "p50", "p90", "p95", "p99", "max", "unit" };
        var rows = report.Metrics.Select(m => m.ToRow()).Select(r => new[]
        {
            r.Name, r.Count.ToString("N0", Invariant), r.Rate.ToString("0.0", Invariant), r.Errors.ToString("N0", Invariant),
            Format(r.P50), Format(r.P90), Format(r.P95), Format(r.P99), Format(r.Max), r.Unit,
        }).ToList();
        var widths = header.Select((h, i) => Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[i].Length))).ToArray();
        string Line(string[] cells) => string.Join("  ", cells.Select((c, i) => i == 0 || i == cells.Length - 1 ? c.PadRight(widths[i]) : c.PadLeft(widths[i])));
        output.WriteLine(Line(header));
        output.WriteLine(new string('-', widths.Sum() + (2 * (widths.Length - 1))));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row));
        }

        foreach (var metric in report.Metrics.Where(m => m.Counts.Count > 0))
        {
            output.WriteLine($"  {metric.Name}: " + string.Join(", ", metric.Counts.OrderBy(c => c.Key).Select(c => $"{c.Key}={c.Value}")));
        }

        foreach (var server in report.Servers)
        {
            output.WriteLine(
                $"  server {server.Url}: CPU {server.CpuSeconds:0.0} s ({server.CpuCoresAverage:0.00} cores), working set "
                + $"{server.WorkingSetMiBBefore:0} -> {server.WorkingSetMiBAfter:0} MiB, GC heap {server.GcHeapMiBBefore:0} -> {server.GcHeapMiBAfter:0} MiB");
        }

        foreach (var (key, value) in report.Notes)
        {
            output.WriteLine($"  {key}: {value}");
        }
    }

    public static async Task WriteJsonAsync(string path, IEnumerable<ScenarioReport> reports, string[] args)
    {
        var document = new
        {
            commandLine = string.Join(' ', args),
            machine = Machine.Describe(),
            reports = reports.Select(r => r.ToJson()).ToList(),
        };
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(document, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
        }), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
    }

    private static string Format(double? value) => value is { } v ? v.ToString(v >= 100 ? "0" : v >= 10 ? "0.0" : "0.00", Invariant) : "-";
}

/// <summary>The machine a run happened on, for the report.</summary>
public static class Machine
{
    public static object Describe() => new
    {
        cores = Environment.ProcessorCount,
        cpu = CpuModel(),
        memoryGiB = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        os = System.Runtime.InteropServices.RuntimeInformation.OSDescription,
        dotnet = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
        loadAverage = LoadAverage(),
    };

    /// <summary>The 1 and 5 minute load averages: on a shared machine, what else competed for the cores.</summary>
    public static string LoadAverage()
    {
        try
        {
            var parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"{parts[0]}, {parts[1]}";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
