using System.Text.Json.Serialization;

namespace VoiceFlow.TtsWorker;

/// <summary>OpenAI's <c>POST /v1/audio/speech</c> body. <c>model</c> is accepted and ignored (one engine per worker).</summary>
public sealed record SpeechRequest(
    [property: JsonPropertyName("model")] string? Model,
    [property: JsonPropertyName("input")] string? Input,
    [property: JsonPropertyName("voice")] string? Voice,
    [property: JsonPropertyName("response_format")] string? ResponseFormat,
    [property: JsonPropertyName("speed")] double? Speed);

public sealed record WorkerVoice(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("language")] string Language,
    [property: JsonPropertyName("gender")] string? Gender);

public sealed record VoiceList(
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("voices")] IReadOnlyList<WorkerVoice> Voices);

public sealed record WorkerHealth(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("engine")] string Engine,
    [property: JsonPropertyName("sampleRate")] int SampleRate,
    [property: JsonPropertyName("error")] string? Error);

/// <summary>OpenAI's error shape: <c>{"error": {"message", "type", "param", "code"}}</c>.</summary>
public sealed record OpenAiError([property: JsonPropertyName("error")] OpenAiErrorBody Error)
{
    public static OpenAiError Invalid(string message, string? param, string code = "invalid_value") =>
        new(new OpenAiErrorBody(message, "invalid_request_error", param, code));
}

public sealed record OpenAiErrorBody(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

[JsonSerializable(typeof(SpeechRequest))]
[JsonSerializable(typeof(VoiceList))]
[JsonSerializable(typeof(WorkerHealth))]
[JsonSerializable(typeof(OpenAiError))]
internal sealed partial class WorkerJson : JsonSerializerContext;
