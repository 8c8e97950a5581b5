using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Quality;

/// <summary>A node whose idle analysis workers look for queued jobs only every ten minutes.</summary>
public sealed class SlowPollingQualityApp : QualityApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => base.Settings.Append(new("Quality:PollInterval", "00:10:00"));
}

public sealed class AnalysisWakeTests(SlowPollingQualityApp app) : IClassFixture<SlowPollingQualityApp>
{
    [Fact]
    public async Task A_take_stored_on_a_node_is_scored_there_at_once_not_at_the_workers_next_poll()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        var prompt = (await contributor.PromptsAsync(1))[0];
        app.Transcriber.Heard = prompt.Text;

        // The workers found the queue empty when the node started; their next poll is minutes away.
        var recording = await contributor.UploadAsync(prompt.Id, await GeneratedTakes.CleanAsync());
        var view = await contributor.DecidedAsync(recording, TimeSpan.FromSeconds(60));

        Assert.Equal("approved", view.GetProperty("status").GetString());
    }
}
