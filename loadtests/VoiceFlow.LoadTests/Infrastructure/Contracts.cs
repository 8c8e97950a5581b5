using MessagePack;

namespace VoiceFlow.LoadTests.Infrastructure;

// The hubs' messages as the public contract names them. Keys are explicit so that MessagePack and JSON (camelCase)
// carry the same names the server's records use; keys a client does not need are left out (readers skip them).

[MessagePackObject]
public sealed record RecordStart(
    [property: Key("promptId")] Guid PromptId,
    [property: Key("sampleRate")] int SampleRate,
    [property: Key("encoding")] string Encoding);

[MessagePackObject]
public sealed record RecordingFeedback(
    [property: Key("seq")] int Seq,
    [property: Key("atMs")] long AtMs,
    [property: Key("speaking")] bool Speaking,
    [property: Key("warnings")] IReadOnlyList<string>? Warnings);

[MessagePackObject]
public sealed record RecordingResult(
    [property: Key("recordingId")] Guid RecordingId,
    [property: Key("durationMs")] long DurationMs,
    [property: Key("status")] string Status,
    [property: Key("liveScore")] int LiveScore);

[MessagePackObject]
public sealed record TtsRequest(
    [property: Key("text")] string Text,
    [property: Key("voice")] string Voice,
    [property: Key("format")] string Format);

[MessagePackObject]
public sealed record TtsChunk(
    [property: Key("seq")] int Seq,
    [property: Key("audio")] byte[] Audio,
    [property: Key("words")] IReadOnlyList<TtsWord>? Words,
    [property: Key("final")] bool Final);

[MessagePackObject]
public sealed record TtsWord(
    [property: Key("word")] string Word,
    [property: Key("startMs")] int StartMs,
    [property: Key("endMs")] int EndMs);

[MessagePackObject]
public sealed record DeploymentStatus(
    [property: Key("id")] Guid Id,
    [property: Key("name")] string Name,
    [property: Key("status")] string Status);

[MessagePackObject]
public sealed record DeploymentChanged(
    [property: Key("id")] Guid Id,
    [property: Key("name")] string Name,
    [property: Key("status")] string Status,
    [property: Key("previousStatus")] string? PreviousStatus,
    [property: Key("at")] DateTime At,
    [property: Key("message")] string? Message);

[MessagePackObject]
public sealed record DeploymentLog(
    [property: Key("id")] Guid Id,
    [property: Key("at")] DateTime At,
    [property: Key("line")] string Line);

// The bare echo hub's own messages (see Echo/EchoHub.cs), shaped like the real ones.

[MessagePackObject]
public sealed record EchoStart(
    [property: Key("sampleRate")] int SampleRate,
    [property: Key("replyEveryMs")] int ReplyEveryMs);

[MessagePackObject]
public sealed record EchoBroadcast(
    [property: Key("seq")] long Seq,
    [property: Key("at")] DateTime At,
    [property: Key("status")] string Status);
