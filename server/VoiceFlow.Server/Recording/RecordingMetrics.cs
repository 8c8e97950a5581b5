using Prometheus;

namespace VoiceFlow.Server.Recording;

public sealed class RecordingMetrics
{
    private static readonly Gauge ActiveStreams = Metrics.CreateGauge("voiceflow_recording_streams_active", "Takes being streamed right now.");
    private static readonly Counter FeedbackMessages = Metrics.CreateCounter("voiceflow_recording_feedback_messages_total", "Feedback messages sent to contributors.");
    private static readonly Counter TakesStored = Metrics.CreateCounter("voiceflow_recording_takes_stored_total", "Takes stored and queued for analysis.");

    public IDisposable TakeStarted()
    {
        ActiveStreams.Inc();
        return new Ended();
    }

    public void FeedbackSent() => FeedbackMessages.Inc();

    public void TakeStored() => TakesStored.Inc();

    private sealed class Ended : IDisposable
    {
        public void Dispose() => ActiveStreams.Dec();
    }
}
