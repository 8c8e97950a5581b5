using MessagePack;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>The recording hub's path and message names, shared by the hub, server-side pushes and tests.</summary>
public static class RecordingHubContract
{
    public const string Path = "/hubs/recording";
    public const string Feedback = "Feedback";
    public const string Transcript = "Transcript";
    public const string RecordingScored = "RecordingScored";
    public const string Encoding = "pcm_s16le";

    /// <summary>Every connection of one contributor, so decisions reach them on whichever node they are connected to.</summary>
    public static string ContributorGroup(Guid contributorId) => $"contributor:{contributorId:N}";
}

[MessagePackObject]
public sealed record RecordStart(
    [property: Key("promptId")] Guid PromptId,
    [property: Key("sampleRate")] int SampleRate,
    [property: Key("encoding")] string? Encoding);

[MessagePackObject]
public sealed record RecordingFeedback(
    [property: Key("seq")] int Seq,
    [property: Key("atMs")] long AtMs,
    [property: Key("rmsDbfs")] double RmsDbfs,
    [property: Key("peakDbfs")] double PeakDbfs,
    [property: Key("clippedSamples")] long ClippedSamples,
    [property: Key("speaking")] bool Speaking,
    [property: Key("noiseFloorDbfs")] double NoiseFloorDbfs,
    [property: Key("snrDb")] double? SnrDb,
    [property: Key("durationMs")] long DurationMs,
    [property: Key("warnings")] IReadOnlyList<string> Warnings);

[MessagePackObject]
public sealed record RecordingResult(
    [property: Key("recordingId")] Guid RecordingId,
    [property: Key("durationMs")] long DurationMs,
    [property: Key("status")] string Status,
    [property: Key("liveScore")] int LiveScore);

[MessagePackObject]
public sealed record RecordingScoredMessage(
    [property: Key("recordingId")] Guid RecordingId,
    [property: Key("status")] string Status,
    [property: Key("qualityScore")] int? QualityScore,
    [property: Key("paymentCents")] int PaymentCents);
