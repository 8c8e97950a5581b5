using System.Net.Http.Json;
using System.Text.Json;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Audio.Synthesis.Espeak;
using VoiceFlow.Audio.Wav;
using VoiceFlow.Server.Infrastructure.Commands;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Web;

/// <summary>
/// The real server on a real port serving the built console, with the demo account and the shipped prompts, and the
/// local deployment provider (real worker processes) on a quick driver.
/// </summary>
public sealed class KestrelWebConsoleApp : KestrelVoiceFlowApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Web:Root", Browser.ConsoleBuild),
        new("Deployments:Provider", "local"),
        new("Deployments:Driver:PollInterval", "00:00:00.200"),
        new("Deployments:Driver:ProbeInterval", "00:00:00.500"),
        new("Deployments:Driver:LeaseDuration", "00:00:05"),
    ];

    public DemoOptions Demo { get; private set; } = new();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Demo = await this.SeedAsync();
    }
}

/// <summary>What people do in the console and the portal, in headless Chromium (screenshots in test-results/screenshots).</summary>
public sealed class BrowserTests(KestrelWebConsoleApp app) : IClassFixture<KestrelWebConsoleApp>
{
    [Fact]
    public async Task The_demo_user_creates_a_key_and_watches_a_deployment_reach_running_without_reloading()
    {
        Browser.SkipUnlessAvailable();

        var seen = await Browser.RunAsync("console.mjs", app.BaseUrl, Browser.Screenshots("console"), app.Demo.Email, app.Demo.Password, "browser-voice");

        Assert.True(seen.GetProperty("rawKeyShown").GetBoolean(), "The new key was not shown in full.");
        Assert.False(seen.GetProperty("rawKeyInTable").GetBoolean(), "The key list shows a raw key.");
        Assert.StartsWith("vf_live_", seen.GetProperty("prefixListed").GetString());
        Assert.Contains("lower-case", seen.GetProperty("inlineValidation").GetString());
        var statuses = seen.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.True(statuses.IndexOf("running") > 0 && statuses.IndexOf("running") < statuses.IndexOf("stopped"), $"Badge went {string.Join(" → ", statuses)}");
        Assert.Equal("pending", statuses[0]);
        Assert.True(seen.GetProperty("sameDocument").GetBoolean(), "The page reloaded.");
        Assert.StartsWith("$0.91/h", seen.GetProperty("cost").GetString());
        Assert.True(seen.GetProperty("logLines").GetInt32() > 0);
        AssertScreenshots(seen, "login", "api-keys", "deployments", "team", "audit", "deployments-phone", "deployments-dark");
        Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
    }

    [Fact]
    public async Task The_playground_plays_speech_as_it_streams_and_shows_the_time_to_first_audio()
    {
        Browser.SkipUnlessAvailable();

        var seen = await Browser.RunAsync("playground.mjs", app.BaseUrl, Browser.Screenshots("playground"), app.Demo.Email, app.Demo.Password);

        Assert.True(seen.GetProperty("voices").GetInt32() > 100);
        Assert.InRange(seen.GetProperty("timeToFirstAudioMs").GetInt32(), 1, 10_000);
        Assert.EndsWith(" ms", seen.GetProperty("timeToFirstAudio").GetString());
        Assert.True(seen.GetProperty("playedMs").GetInt32() > 2000, $"Played {seen.GetProperty("playedMs")} ms.");
        Assert.True(seen.GetProperty("words").GetInt32() > 10);
        Assert.False(string.IsNullOrWhiteSpace(seen.GetProperty("highlighted").GetString()));
        AssertScreenshots(seen, "playground");
        Assert.Empty(seen.GetProperty("consoleErrors").EnumerateArray());
    }

    [Fact]
    public async Task A_contributor_records_with_the_space_bar_sees_live_feedback_and_finds_the_take_in_their_list()
    {
        Browser.SkipUnlessAvailable();
        var wav = await FakeMicrophoneTakeAsync();
        var email = Infrastructure.Accounts.NewEmail("browser-voice");

        var seen = await Browser.RunAsync("recorder.mjs", app.BaseUrl, Browser.Screenshots("recorder"), wav, email, Infrastructure.Accounts.StrongPassword);

        Assert.InRange(seen.GetProperty("meterLevel").GetInt32(), -50, 0);
        Assert.True(seen.GetProperty("meterChanges").GetInt32() >= 5);
        Assert.True(seen.GetProperty("feedbackSeq").GetInt32() >= 3);
        Assert.Equal("Voice detected", seen.GetProperty("voiceIndicator").GetString());
        Assert.InRange(seen.GetProperty("reviewDuration").GetDouble(), 3.4, 30);
        Assert.Equal("pending", seen.GetProperty("savedStatus").GetString());
        Assert.Equal(1, seen.GetProperty("rows").GetInt32());
        Assert.Equal("pending", seen.GetProperty("rowStatus").GetString());
        AssertScreenshots(seen, "portal-signup", "mic-check", "record", "review", "recordings", "earnings");

        // The re-recorded take left nothing behind: one recording, one audio file, the one the page listed.
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var tokens = await http.LoginOkAsync(email);
        http.DefaultRequestHeaders.Authorization = new("Bearer", tokens.AccessToken);
        var recordings = await http.GetFromJsonAsync<List<JsonElement>>("/api/contributors/recordings");
        var recording = Assert.Single(recordings!);
        Assert.Equal(seen.GetProperty("recordingId").GetString(), recording.GetProperty("id").GetString());
        Assert.InRange(recording.GetProperty("durationSeconds").GetDouble(), 3.4, 30);
        Assert.Equal(1, app.StoredAudioFiles());
    }

    [Fact]
    public async Task A_console_user_becomes_a_contributor_on_the_portal_sign_up_page_with_their_console_password()
    {
        Browser.SkipUnlessAvailable();
        var email = Infrastructure.Accounts.NewEmail("browser-both");

        var seen = await Browser.RunAsync("signup.mjs", app.BaseUrl, Browser.Screenshots("signup"), email, Infrastructure.Accounts.StrongPassword);

        Assert.Equal("/deployments", seen.GetProperty("consoleLanding").GetString());
        Assert.Equal(email, seen.GetProperty("prefilledEmail").GetString());
        Assert.Contains("console account", seen.GetProperty("takenMessage").GetString());
        Assert.Equal("/portal/mic-check", seen.GetProperty("portalLanding").GetString());
        Assert.Equal(1, seen.GetProperty("portalLinks").GetInt32());
        AssertScreenshots(seen, "console-signup", "portal-signup-taken", "portal-after-signup");
        // Chromium logs every non-2xx fetch: the console asks whether the new account has a contributor profile (403 until
        // it does), and the wrong password's attempt is the 409 shown above. Nothing else may go wrong.
        Assert.All(seen.GetProperty("consoleErrors").EnumerateArray().Select(e => e.GetString()), error =>
            Assert.Matches(@"^Failed to load resource: the server responded with a status of (403|409)\b", error));
        Assert.Equal(1L, await app.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM contributors c JOIN users u ON u.id = c.user_id WHERE u.normalized_email = '{email}'"));
    }

    /// <summary>A clear sentence from the espeak engine at a speaking level, with quiet either side: Chromium's fake microphone.</summary>
    private async Task<string> FakeMicrophoneTakeAsync()
    {
        const int rate = 48000;
        using var engine = new EspeakEngine();
        var speech = await TestSignals.SpeechAsync(engine, "The quick brown fox jumps over the lazy dog, near the quiet river bank, early this morning.", rate);
        var take = TestSignals.Concat(
            TestSignals.WhiteNoise(600, rate, -70),
            TestSignals.AddWhiteNoise(TestSignals.ScaleToActiveLevel(speech, rate, -20), rate, snrDb: 45),
            TestSignals.WhiteNoise(600, rate, -70, seed: 3));
        Assert.True(take.Length > rate * 3, "The take should last more than 3 seconds.");
        Directory.CreateDirectory(app.DataDirectory);
        var path = Path.Combine(app.DataDirectory, "fake-microphone.wav");
        await using (var file = File.Create(path))
        using (var writer = new WavWriter(file, rate))
        {
            writer.Write(take);
            writer.Complete();
        }

        return path;
    }

    private static void AssertScreenshots(JsonElement seen, params string[] pages)
    {
        var saved = seen.GetProperty("screenshots").EnumerateArray().Select(s => s.GetString()!).ToList();
        foreach (var page in pages)
        {
            var path = saved.SingleOrDefault(p => Path.GetFileNameWithoutExtension(p) == page);
            Assert.True(path is not null && new FileInfo(path).Length > 1000, $"No screenshot of {page}: {string.Join(", ", saved)}");
        }
    }
}
