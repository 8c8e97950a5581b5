using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>A server whose plans include only a few requests a month, so the monthly quota can be reached in a test.</summary>
public sealed class TinyQuotaApp : VoiceFlowApp
{
    public const int FreeRequests = 3;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Tts:Plans:Free:MonthlyRequests", FreeRequests.ToString()),
        new("Tts:Plans:Pro:MonthlyRequests", "1"),
    ];
}

/// <summary>Monthly quotas per plan, and the usage events every synthesis leaves for billing.</summary>
public sealed class TtsMeteringTests(TinyQuotaApp app) : IClassFixture<TinyQuotaApp>
{
    private Task<T?> ScalarAsync<T>(string sql) => app.Database.ScalarAsync<T>(sql);

    private async Task FlushUsageAsync() => Assert.True(await app.UsageWriter().FlushAsync());

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task The_free_plan_refuses_the_request_after_its_monthly_quota_and_each_served_request_is_metered_once(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);
        string[] texts = ["One.", "Number two.", "And the third."];
        foreach (var text in texts)
        {
            Assert.True((await connection.SynthesizeAllAsync(new TtsRequest(text, "en-us", "pcm_16000")))[^1].Final);
            // Refused requests never count.
            await TtsClients.StreamErrorAsync(connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest(text, "en-us", "mp3")));
        }

        var (code, chunks) = await TtsClients.StreamErrorAsync(
            connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest("Four.", "en-us", "pcm_16000")));
        Assert.Equal(("quota_exceeded", 0), (code, chunks));
        (code, chunks) = await TtsClients.StreamErrorAsync(connection.StreamAsync<TtsChunk>(
            "SynthesizeText", new TtsTextOptions("en-us", "pcm_16000"), new[] { "Four." }.ToAsyncEnumerable()));
        Assert.Equal(("quota_exceeded", 0), (code, chunks));

        await FlushUsageAsync();
        var team = $"team_id = '{key.TeamId}'";
        Assert.Equal(3L, await ScalarAsync<long>($"SELECT count(*) FROM tts_usage_events WHERE {team}"));
        Assert.Equal("4,11,14", await ScalarAsync<string>($"SELECT string_agg(characters::text, ',' ORDER BY characters) FROM tts_usage_events WHERE {team}"));
        Assert.Equal(3L, await ScalarAsync<long>(
            $"SELECT count(*) FROM tts_usage_events WHERE {team} AND api_key_id = '{key.Id}' AND engine = 'espeak-ng' AND kind = 'synthesize' AND format = 'pcm_16000' AND audio_seconds > 0.3 AND NOT overage"));
        Assert.Equal(3L, await ScalarAsync<long>($"SELECT requests FROM tts_usage_monthly WHERE {team}"));
        Assert.Equal(29L, await ScalarAsync<long>($"SELECT characters FROM tts_usage_monthly WHERE {team}"));
        Assert.Equal(
            await ScalarAsync<double>($"SELECT sum(audio_seconds) FROM tts_usage_events WHERE {team}"),
            await ScalarAsync<double>($"SELECT audio_seconds FROM tts_usage_monthly WHERE {team}"), 6);
    }

    [Fact]
    public async Task The_pro_plan_serves_requests_beyond_its_quota_as_overage()
    {
        var key = await app.CreateKeyAsync();
        await app.Database.ExecuteAsync($"UPDATE teams SET plan = 'Pro' WHERE id = '{key.TeamId}'");
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.MessagePack);

        foreach (var text in new[] { "Included.", "Overage one.", "Overage two." })
        {
            Assert.True((await connection.SynthesizeAllAsync(new TtsRequest(text, "en-us", "ulaw_8000")))[^1].Final);
        }

        await FlushUsageAsync();
        var team = $"team_id = '{key.TeamId}'";
        Assert.Equal("no,yes,yes", await ScalarAsync<string>(
            $"SELECT string_agg(CASE WHEN overage THEN 'yes' ELSE 'no' END, ',' ORDER BY at) FROM tts_usage_events WHERE {team}"));
        Assert.Equal(2L, await ScalarAsync<long>($"SELECT overage_requests FROM tts_usage_monthly WHERE {team}"));
    }

    [Fact]
    public async Task A_text_stream_is_metered_once_with_every_character_it_sent()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.Json);
        string[] pieces = ["Streaming ", "text is ", "metered. ", "Once."];

        var received = new List<TtsChunk>();
        await foreach (var chunk in connection.StreamAsync<TtsChunk>("SynthesizeText", new TtsTextOptions("en-us", "pcm_22050"), pieces.ToAsyncEnumerable()))
        {
            received.Add(chunk);
        }

        Assert.True(received[^1].Final);
        await FlushUsageAsync();
        Assert.Equal($"synthesize_text {pieces.Sum(p => p.Length)}", await ScalarAsync<string>(
            $"SELECT kind || ' ' || characters FROM tts_usage_events WHERE team_id = '{key.TeamId}'"));
        double audioSeconds = received.Audio().Length / 2.0 / 22_050;
        Assert.InRange(await ScalarAsync<double>($"SELECT audio_seconds FROM tts_usage_events WHERE team_id = '{key.TeamId}'"),
            audioSeconds - 0.002, audioSeconds + 0.002); // stored to the millisecond
    }

    [Fact]
    public async Task A_cancelled_stream_is_metered_for_the_little_audio_it_made_because_synthesis_stopped()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.MessagePack);
        var longText = string.Concat(Enumerable.Repeat("This sentence is long enough to keep the engine busy for a while. ", 70));
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest(longText, "en-us", "pcm_16000"), cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        // The usage event is written when the server has finished with the stream; wait for it (bounded).
        long events = 0;
        for (int attempt = 0; events == 0 && attempt < 100; attempt++)
        {
            await FlushUsageAsync();
            events = await ScalarAsync<long>($"SELECT count(*) FROM tts_usage_events WHERE team_id = '{key.TeamId}'");
            if (events == 0)
            {
                await Task.Delay(50);
            }
        }

        Assert.Equal(1, events);
        Assert.Equal(longText.Length, await ScalarAsync<int>($"SELECT characters FROM tts_usage_events WHERE team_id = '{key.TeamId}'"));
        // The whole text is about four minutes of speech; the engine stopped long before.
        Assert.InRange(await ScalarAsync<double>($"SELECT audio_seconds FROM tts_usage_events WHERE team_id = '{key.TeamId}'"), 0.01, 60);
    }
}
