using Prometheus;

namespace VoiceFlow.Server.Tts;

/// <summary>Prometheus metrics of the TTS streams, labelled by engine ("espeak-ng", "deployment").</summary>
internal static class TtsMetrics
{
    public static readonly Histogram TimeToFirstAudio = Metrics.CreateHistogram(
        "voiceflow_tts_time_to_first_audio_seconds",
        "Time from an accepted synthesis request to its first audio chunk.",
        new HistogramConfiguration { LabelNames = ["engine"], Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    public static readonly Gauge ActiveStreams = Metrics.CreateGauge(
        "voiceflow_tts_active_streams", "TTS streams open on this node.", "engine");

    public static readonly Counter Characters = Metrics.CreateCounter(
        "voiceflow_tts_characters_total", "Characters of text synthesized.", "engine");

    public static readonly Counter AudioSeconds = Metrics.CreateCounter(
        "voiceflow_tts_audio_seconds_total", "Seconds of audio synthesized.", "engine");

    public static readonly Counter UsageEventsDropped = Metrics.CreateCounter(
        "voiceflow_tts_usage_events_dropped_total", "Usage events dropped because the queue to the database was full.");
}
