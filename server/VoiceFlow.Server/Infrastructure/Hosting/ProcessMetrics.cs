using System.Diagnostics;
using System.Globalization;
using Prometheus;

namespace VoiceFlow.Server.Infrastructure.Hosting;

/// <summary>
/// The process series prometheus-net publishes by default (same names, same meaning), read at a cost that does not grow
/// with the node's load. prometheus-net's own collector counts threads and open handles on every scrape by listing
/// /proc/self/task and stat-ing every entry of /proc/self/fd: under 200 live takes that was about 20 ms of a core per
/// scrape, and every live stream felt it. Open handles are therefore not published; threads are read from
/// /proc/self/status where there is one.
/// </summary>
internal static class ProcessMetrics
{
    private static readonly Counter CpuSeconds = Metrics.CreateCounter(
        "process_cpu_seconds_total", "Total user and system CPU time spent in seconds.");

    private static readonly Gauge WorkingSet = Metrics.CreateGauge(
        "process_working_set_bytes", "Process working set.");

    private static readonly Gauge PrivateMemory = Metrics.CreateGauge(
        "process_private_memory_bytes", "Process private memory size.");

    private static readonly Gauge VirtualMemory = Metrics.CreateGauge(
        "process_virtual_memory_bytes", "Virtual memory size in bytes.");

    private static readonly Gauge StartTime = Metrics.CreateGauge(
        "process_start_time_seconds", "Start time of the process since unix epoch in seconds.");

    private static readonly Gauge Threads = Metrics.CreateGauge(
        "process_num_threads", "Total number of threads.", new GaugeConfiguration { SuppressInitialValue = true });

    private static readonly Gauge ManagedMemory = Metrics.CreateGauge(
        "dotnet_total_memory_bytes", "Total known allocated memory.");

    private static readonly Counter Collections = Metrics.CreateCounter(
        "dotnet_collection_count_total", "GC collection count.", "generation");

    private const string StatusFile = "/proc/self/status";

    private static int _registered;

    /// <summary>Publishes the process metrics in the default registry (once per process); suppress prometheus-net's own first.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1)
        {
            return;
        }

        var process = Process.GetCurrentProcess();
        StartTime.Set(process.StartTime.ToUniversalTime().Subtract(DateTime.UnixEpoch).TotalSeconds);
        Metrics.DefaultRegistry.AddBeforeCollectCallback(() => Update(process));
    }

    private static void Update(Process process)
    {
        // Refresh drops the values read at the last scrape; each property below reads one small /proc file.
        process.Refresh();
        CpuSeconds.IncTo(process.TotalProcessorTime.TotalSeconds);
        WorkingSet.Set(process.WorkingSet64);
        PrivateMemory.Set(process.PrivateMemorySize64);
        VirtualMemory.Set(process.VirtualMemorySize64);
        ManagedMemory.Set(GC.GetTotalMemory(forceFullCollection: false));
        for (int generation = 0; generation <= GC.MaxGeneration; generation++)
        {
            Collections.WithLabels(generation.ToString(CultureInfo.InvariantCulture)).IncTo(GC.CollectionCount(generation));
        }

        if (ThreadCount() is { } threads)
        {
            Threads.Set(threads);
        }
    }

    private static int? ThreadCount()
    {
        if (!File.Exists(StatusFile))
        {
            return null;
        }

        foreach (var line in File.ReadLines(StatusFile))
        {
            if (line.StartsWith("Threads:", StringComparison.Ordinal)
                && int.TryParse(line.AsSpan("Threads:".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out int threads))
            {
                return threads;
            }
        }

        return null;
    }
}
