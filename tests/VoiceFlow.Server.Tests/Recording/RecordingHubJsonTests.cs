using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

public sealed class RecordingHubJsonTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private JsonSerializerOptions HubOptions => app.Services.GetRequiredService<IOptions<JsonHubProtocolOptions>>().Value.PayloadSerializerOptions;

    // SignalR's own JSON payload options, serializing by reflection as they do without the generated context.
    private static readonly JsonSerializerOptions Reflection = new JsonHubProtocolOptions().PayloadSerializerOptions;

    [Fact]
    public void Feedback_and_result_are_written_by_the_generated_serializer_exactly_as_by_reflection()
    {
        object[] messages =
        [
            new RecordingFeedback(7, 700, -21.4, -3.2, 12, true, -61.5, null, 700, ["too_quiet", "clipping"]),
            new RecordingFeedback(1, 100, -90, -90, 0, false, -90, 18.5, 100, []),
            new RecordingResult(Guid.CreateVersion7(), 5520, "pending", 87),
        ];

        foreach (var message in messages)
        {
            var typeInfo = HubOptions.GetTypeInfo(message.GetType());
            Assert.Same(RecordingHubJson.Default, typeInfo.OriginatingResolver);
            Assert.Equal(JsonSerializer.Serialize(message, message.GetType(), Reflection), JsonSerializer.Serialize(message, typeInfo));
        }
    }

    [Fact]
    public void Other_hub_payloads_still_serialize_by_reflection()
    {
        var start = new RecordStart(Guid.CreateVersion7(), 48000, "pcm_s16le");

        var json = JsonSerializer.Serialize(start, HubOptions);

        Assert.Equal(JsonSerializer.Serialize(start, Reflection), json);
        Assert.Contains("\"sampleRate\":48000", json, StringComparison.Ordinal);
    }
}
