using Prometheus;
using VoiceFlow.Server.Quality.Jobs;
using VoiceFlow.Server.Recording;

namespace VoiceFlow.Server.Quality;

public sealed class QualityMetrics
{
    private static readonly Gauge Pending = Metrics.CreateGauge(
        "voiceflow_recordings_pending", $"Recordings waiting for automatic scoring (read from the database, the same on every node; above {BacklogGauge.ExactUpTo} PostgreSQL's estimate).");

    private static readonly Gauge InReview = Metrics.CreateGauge(
        "voiceflow_recordings_in_review", $"Recordings waiting for a person in the review queue (above {BacklogGauge.ExactUpTo} PostgreSQL's estimate).");

    private static readonly Gauge Parked = Metrics.CreateGauge(
        "voiceflow_analysis_jobs_parked", $"Analysis jobs that kept failing and wait for an operator (above {BacklogGauge.ExactUpTo} PostgreSQL's estimate).");

    private static readonly Counter Processed = Metrics.CreateCounter(
        "voiceflow_recordings_processed_total", "Takes scored and decided, by the decision.", "status");

    private static readonly Counter Failures = Metrics.CreateCounter(
        "voiceflow_analysis_failures_total", "Analysis attempts that failed (retried or parked).", "outcome");

    private static readonly Histogram Duration = Metrics.CreateHistogram(
        "voiceflow_analysis_duration_seconds", "Time to score one take, speech recognition included.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.01, 2, 14) });

    public void Decided(RecordingStatus status) => Processed.WithLabels(status.ToString().ToLowerInvariant()).Inc();

    public void Failed(bool parked) => Failures.WithLabels(parked ? "parked" : "retried").Inc();

    public void Analyzed(TimeSpan elapsed) => Duration.Observe(elapsed.TotalSeconds);

    public void Backlog(long pending, long inReview, long parked)
    {
        Pending.Set(pending);
        InReview.Set(inReview);
        Parked.Set(parked);
    }
}
