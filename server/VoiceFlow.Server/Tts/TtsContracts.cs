using MessagePack;

namespace VoiceFlow.Server.Tts;

/// <summary>The TTS hub's path, shared by the hub mapping, the README and tests.</summary>
public static class TtsHubContract
{
    public const string Path = "/hubs/tts";
}

/// <summary>An entry of <c>Voices()</c>; <see cref="Id"/> (or the name or language) goes into a request's <c>voice</c>.</summary>
[MessagePackObject]
public sealed record TtsVoice(
    [property: Key("id")] string Id,
    [property: Key("name")] string Name,
    [property: Key("language")] string Language,
    [property: Key("engine")] string Engine);

/// <summary>
/// <c>Synthesize(request)</c>. <see cref="DeploymentId"/> is a UUID string: when given, the team's running deployment
/// synthesizes and <see cref="Voice"/> is passed to it as is.
/// </summary>
[MessagePackObject]
public sealed record TtsRequest(
    [property: Key("text")] string? Text,
    [property: Key("voice")] string? Voice,
    [property: Key("format")] string? Format,
    [property: Key("deploymentId")] string? DeploymentId = null);

/// <summary>The first argument of <c>SynthesizeText(options, text)</c>.</summary>
[MessagePackObject]
public sealed record TtsTextOptions(
    [property: Key("voice")] string? Voice,
    [property: Key("format")] string? Format,
    [property: Key("deploymentId")] string? DeploymentId = null);

/// <summary>
/// One frame of the audio stream: <see cref="Audio"/> holds exactly one frame (40 ms by default) of the requested format,
/// except the <see cref="Final"/> chunk, which may be shorter; for <c>wav</c> the first chunk also starts with the header.
/// <see cref="Words"/> are the words that start in this frame.
/// </summary>
[MessagePackObject]
public sealed record TtsChunk(
    [property: Key("seq")] int Seq,
    [property: Key("audio")] byte[] Audio,
    [property: Key("words")] IReadOnlyList<TtsWord> Words,
    [property: Key("final")] bool Final);

/// <summary>A word's start and end in milliseconds from the start of the stream's audio.</summary>
[MessagePackObject]
public sealed record TtsWord(
    [property: Key("word")] string Word,
    [property: Key("startMs")] int StartMs,
    [property: Key("endMs")] int EndMs);
