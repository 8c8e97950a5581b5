using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Quality;

public sealed record TestPrompt(Guid Id, string Text);

/// <summary>Takes sent through the public upload path, and waiting for the pipeline's verdict.</summary>
public static class Takes
{
    public static async Task<List<TestPrompt>> PromptsAsync(this TestContributor contributor, int count) =>
        (await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/prompts?count={count}"))
            .EnumerateArray().Select(p => new TestPrompt(p.GetProperty("id").GetGuid(), p.GetProperty("text").GetString()!)).ToList();

    public static async Task<Guid> UploadAsync(this TestContributor contributor, Guid promptId, short[] samples, int rate = GeneratedTakes.Rate)
    {
        using var wav = new MemoryStream();
        using (var writer = new WavWriter(wav, rate, leaveOpen: true))
        {
            writer.Write(samples);
            writer.Complete();
        }

        var file = new ByteArrayContent(wav.ToArray());
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        using var form = new MultipartFormDataContent { { file, "audio", "take.wav" }, { new StringContent(promptId.ToString()), "promptId" } };
        var response = await contributor.Portal.PostAsync("/api/contributors/recordings", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The contributor's view of the take once it has left <c>pending</c>.</summary>
    public static async Task<JsonElement> DecidedAsync(this TestContributor contributor, Guid recordingId, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var view = await contributor.Portal.GetFromJsonAsync<JsonElement>($"/api/contributors/recordings/{recordingId}");
            if (view.GetProperty("status").GetString() != "pending")
            {
                return view;
            }

            Assert.True(DateTime.UtcNow < until, $"Recording {recordingId} was not scored in time.");
            await Task.Delay(100);
        }
    }
}
