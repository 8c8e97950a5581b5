using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Audio.Signals;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Hosting;

/// <summary>
/// What clients do wrong, or a contributor closing the tab mid-take, is not an error of the node: it is logged as
/// what it is, and the node's error log is left for its own failures (see <c>TakeStorageFailureTests</c>).
/// </summary>
public sealed class HubInvocationLoggingTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private const int Rate = 16000;

    [Fact]
    public async Task Bad_input_refused_by_a_hub_is_logged_as_a_refusal_with_its_code_not_as_an_error()
    {
        var (token, prompt, _) = await ContributorAsync();
        await using var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, token);

        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<RecordingResult>(
            "Record", new RecordStart(prompt, Rate, "pcm_s16le"), Chunks(new byte[640], new byte[641])));

        var refusal = await LoggedAsync("RecordingHub", "refused", "invalid_format");
        Assert.StartsWith("Information", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, IsHubError);
    }

    [Fact]
    public async Task A_caller_who_disconnects_mid_take_is_logged_as_gone_not_as_an_error()
    {
        var (token, prompt, id) = await ContributorAsync();
        var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, token);
        var halfway = new TaskCompletionSource();
        var take = hub.InvokeAsync<RecordingResult>("Record", new RecordStart(prompt, Rate, "pcm_s16le"),
            TakeChunks.Of(TestSignals.WhiteNoise(3000, Rate, -20, seed: 3), Rate, 20, async index =>
            {
                if (index == 20)
                {
                    halfway.TrySetResult();
                    await Task.Delay(Timeout.Infinite);
                }
            }));
        await halfway.Task;

        await hub.DisposeAsync();
        await Assert.ThrowsAnyAsync<Exception>(() => take);

        var gone = await LoggedAsync("RecordingHub", "ended: the caller disconnected");
        Assert.Equal(0L, await app.Database.ScalarAsync<long>($"SELECT count(*) FROM recordings WHERE contributor_id = '{id}'"));
        Assert.StartsWith("Information", gone, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, IsHubError);
    }

    // The console sink is written from a thread of its own: an event may reach the capture a moment later. (Serilog
    // renders text values in quotes, so the parts are looked for one by one.)
    private async Task<string> LoggedAsync(params string[] parts)
    {
        bool Matches(string line) => parts.All(part => line.Contains(part, StringComparison.Ordinal));
        await TakeChunks.WaitUntilAsync(() => app.Logs.Lines.Any(Matches), $"a log line with {string.Join(", ", parts)}");
        return app.Logs.Lines.First(Matches);
    }

    private static bool IsHubError(string line) =>
        line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("hub method", StringComparison.OrdinalIgnoreCase)
        || line.StartsWith("Error", StringComparison.Ordinal) && line.Contains("RecordingHub", StringComparison.Ordinal);

    private async Task<(string Token, Guid Prompt, Guid Id)> ContributorAsync()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        return (contributor.AccessToken, await contributor.FirstPromptAsync(), contributor.Id);
    }

    private static async IAsyncEnumerable<byte[]> Chunks(params byte[][] chunks)
    {
        foreach (var chunk in chunks)
        {
            await Task.Yield();
            yield return chunk;
        }
    }
}
