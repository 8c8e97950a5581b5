using System.Text.Json.Serialization;

namespace VoiceFlow.Server.Recording.Hub;

/// <summary>
/// Generated JSON serialization for the messages a live take sends ten times a second. The options match SignalR's
/// JSON payload options (camelCase, names read case-insensitively), so System.Text.Json takes the generated fast
/// path: the same JSON as reflection-based serialization, without building a write stack for every Feedback.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(RecordingFeedback))]
[JsonSerializable(typeof(RecordingResult))]
internal sealed partial class RecordingHubJson : JsonSerializerContext;
