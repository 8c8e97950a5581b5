using Prometheus;

namespace VoiceFlow.Server.Deployments;

/// <summary>Prometheus metrics of deployments (served at /metrics).</summary>
public static class DeploymentMetrics
{
    /// <summary>Deployments neither stopped nor failed, by GPU type: counted in the database, so every node reports the same truth.</summary>
    public static readonly Gauge Active = Metrics.CreateGauge(
        "voiceflow_active_deployments", "Deployments that are neither stopped nor failed, by GPU type.",
        new GaugeConfiguration { LabelNames = ["gpu_type"] });

    /// <summary>Transitions applied by this node, by the status entered (sum over nodes for the total).</summary>
    public static readonly Counter Transitions = Metrics.CreateCounter(
        "voiceflow_deployment_transitions_total", "Deployment status transitions applied by this node, by the status entered.",
        new CounterConfiguration { LabelNames = ["status"] });

    public static readonly Histogram TimeToRunning = Metrics.CreateHistogram(
        "voiceflow_deployment_time_to_running_seconds", "Time from a deployment's creation to its first running state.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(1, 2, 12) });

    private static readonly object Gate = new();
    private static HashSet<string> _reported = [];

    public static void SetActive(IReadOnlyDictionary<string, int> countsByGpu)
    {
        lock (Gate)
        {
            foreach (var (gpu, count) in countsByGpu)
            {
                Active.WithLabels(gpu).Set(count);
            }

            foreach (var gone in _reported.Except(countsByGpu.Keys))
            {
                Active.WithLabels(gone).Set(0);
            }

            _reported = [.. countsByGpu.Keys];
        }
    }
}
