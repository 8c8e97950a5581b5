using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tests.Quality.Transcription;

namespace VoiceFlow.Server.Tests.Quality;

/// <summary>The pipeline with the real Whisper.net transcriber on the tiny test model (it runs, and hears nothing).</summary>
public sealed class WhisperQualityApp : QualityApp
{
    protected override bool ScriptTranscripts => false;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => File.Exists(TranscriptionHost.TestModelPath)
        ? base.Settings.Append(new("Quality:Asr:ModelPath", TranscriptionHost.TestModelPath))
        : base.Settings;
}

public sealed class WhisperPipelineTests(WhisperQualityApp app) : IClassFixture<WhisperQualityApp>
{
    [Fact]
    public async Task A_take_is_transcribed_by_the_configured_model_and_scored_with_its_transcript_match()
    {
        TranscriptionHost.RequireTestModel();
        var staff = await app.StaffClientAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        var prompt = (await contributor.PromptsAsync(1))[0];

        var view = await contributor.DecidedAsync(await contributor.UploadAsync(prompt.Id, await GeneratedTakes.CleanAsync()), TimeSpan.FromSeconds(90));

        // The test model recognizes no words: the match is 0, not missing, and the clean take waits for a person.
        Assert.Equal(0.0, view.GetProperty("metrics").GetProperty("transcriptMatch").GetDouble());
        Assert.Equal("", view.GetProperty("transcript").GetString());
        Assert.Equal("review", view.GetProperty("status").GetString());
        var item = (await staff.GetFromJsonAsync<JsonElement>("/api/admin/recordings/pending")).GetProperty("items").EnumerateArray()
            .Single(i => i.GetProperty("id").GetGuid() == view.GetProperty("id").GetGuid());
        Assert.Equal(Path.GetFileNameWithoutExtension(TranscriptionHost.TestModelPath), item.GetProperty("asrModel").GetString());
    }
}
