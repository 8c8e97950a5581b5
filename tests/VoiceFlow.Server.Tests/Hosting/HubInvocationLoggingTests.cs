using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Server.Recording.Hub;
using VoiceFlow.Server.Tests.Infrastructure;

namespace VoiceFlow.Server.Tests.Hosting;

/// <summary>
/// What clients do wrong is not an error of the node: it is logged as what it is, and the node's error log is left for
/// its own failures (see <c>TakeStorageFailureTests</c>).
/// </summary>
public sealed class HubInvocationLoggingTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private const int Rate = 16000;

    [Fact]
    public async Task Bad_input_refused_by_a_hub_is_logged_as_a_refusal_with_its_code_not_as_an_error()
    {
        var (token, prompt) = await ContributorAsync();
        await using var hub = await app.ConnectAsync(RecordingHubContract.Path, HubProtocol.MessagePack, token);

        await Assert.ThrowsAsync<HubException>(() => hub.InvokeAsync<RecordingResult>(
            "Record", new RecordStart(prompt, Rate, "pcm_s16le"), TakeChunks.Items(new byte[640], new byte[641])));

        var refusal = await LoggedAsync("RecordingHub", "refused", "invalid_format");
        Assert.StartsWith("Information", refusal, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, IsHubError);
    }

    // Serilog renders text values in quotes in some sinks, so the parts are looked for one by one.
    private async Task<string> LoggedAsync(params string[] parts)
    {
        bool Matches(string line) => parts.All(part => line.Contains(part, StringComparison.Ordinal));
        await TakeChunks.WaitUntilAsync(() => app.Logs.Lines.Any(Matches), $"a log line with {string.Join(", ", parts)}");
        return app.Logs.Lines.First(Matches);
    }

    private static bool IsHubError(string line) =>
        line.StartsWith("Error", StringComparison.Ordinal)
        && (line.Contains("hub method", StringComparison.OrdinalIgnoreCase) || line.Contains("RecordingHub", StringComparison.Ordinal));

    private async Task<(string Token, Guid Prompt)> ContributorAsync()
    {
        await app.SeedAsync();
        var contributor = await app.SignUpContributorAsync(["en"]);
        return (contributor.AccessToken, await contributor.FirstPromptAsync());
    }
}
