using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Audio.Resampling;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Recording;

public sealed class RecordingUploadTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private async Task<(HttpClient Portal, Guid PromptId)> ContributorAsync()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        return (contributor.Portal, await contributor.FirstPromptAsync());
    }

    private static byte[] StereoWav(short[] mono, int rate)
    {
        var interleaved = mono.SelectMany(s => new[] { s, s }).ToArray();
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, rate, channels: 2, leaveOpen: true))
        {
            writer.Write(interleaved);
            writer.Complete();
        }

        return stream.ToArray();
    }

    private static MultipartFormDataContent Form(byte[]? audio, Guid? promptId)
    {
        var form = new MultipartFormDataContent();
        if (audio is not null)
        {
            var file = new ByteArrayContent(audio);
            file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
            form.Add(file, "audio", "take.wav");
        }

        if (promptId is not null)
        {
            form.Add(new StringContent(promptId.ToString()!), "promptId");
        }

        return form;
    }

    [Fact]
    public async Task A_stereo_44_khz_wav_upload_is_analysed_stored_at_16_khz_and_listed()
    {
        var (portal, prompt) = await ContributorAsync();
        using var engine = new EspeakEngine();
        var speech = StreamingResampler.Resample(await TestSignals.SpeechAsync(engine, "Uploading a finished take.", 16000), 16000, 44100);

        var response = await portal.PostAsync("/api/contributors/recordings", Form(StereoWav(speech, 44100), prompt));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", created.GetProperty("status").GetString());
        Assert.Equal(speech.Length / 44100.0, created.GetProperty("durationSeconds").GetDouble(), 0.03);
        var id = created.GetProperty("id").GetGuid();
        var key = await app.Database.ScalarAsync<string>($"SELECT audio_key FROM recordings WHERE id = '{id}'");
        await using (var file = File.OpenRead(Path.Combine(app.DataDirectory, "audio", key!)))
        {
            Assert.Equal(16000, WavReader.ReadAllMono(file).SampleRate);
        }

        Assert.Equal(1L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM analysis_jobs WHERE recording_id = '{id}'"));
        var listed = await portal.GetFromJsonAsync<JsonElement>("/api/contributors/recordings");
        Assert.Equal(id, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, listed[0].GetProperty("qualityScore").ValueKind);
    }

    [Fact]
    public async Task A_file_that_is_not_a_wav_is_refused_with_its_code_and_nothing_is_stored()
    {
        var (portal, prompt) = await ContributorAsync();
        var files = app.StoredAudioFiles();

        var response = await portal.PostAsync("/api/contributors/recordings", Form("ID3 not really audio"u8.ToArray(), prompt));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("invalid_format", problem.GetProperty("code").GetString());
        Assert.Empty((await portal.GetFromJsonAsync<JsonElement>("/api/contributors/recordings")).EnumerateArray());
        Assert.Equal(files, app.StoredAudioFiles());
    }

    [Fact]
    public async Task Missing_fields_are_named()
    {
        var (portal, _) = await ContributorAsync();

        var onlyANote = Form(null, null);
        onlyANote.Add(new StringContent("first try"), "note");

        var response = await portal.PostAsync("/api/contributors/recordings", onlyANote);

        await response.AssertValidationProblemAsync("audio", "promptId");
    }

    [Fact]
    public async Task A_take_longer_than_the_prompts_limit_is_refused()
    {
        var (portal, prompt) = await ContributorAsync();
        var noise = TestSignals.WhiteNoise(70_000, 8000, -40);

        var response = await portal.PostAsync("/api/contributors/recordings", Form(StereoWav(noise, 8000), prompt));

        var problem = await response.AssertProblemAsync(HttpStatusCode.BadRequest);
        Assert.Equal("too_long", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_contributor_cannot_see_another_contributors_recording()
    {
        var (owner, prompt) = await ContributorAsync();
        var (stranger, _) = await ContributorAsync();
        var created = await (await owner.PostAsync("/api/contributors/recordings", Form(StereoWav(TestSignals.WhiteNoise(1500, 16000, -40), 16000), prompt)))
            .Content.ReadFromJsonAsync<JsonElement>();

        var response = await stranger.GetAsync($"/api/contributors/recordings/{created.GetProperty("id").GetGuid()}");

        await response.AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/contributors/recordings/{created.GetProperty("id").GetGuid()}")).StatusCode);
    }
}
