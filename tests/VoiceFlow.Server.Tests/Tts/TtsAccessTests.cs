using System.Net;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using VoiceFlow.Server.Tests.Infrastructure;
using VoiceFlow.Server.Tts;

namespace VoiceFlow.Server.Tests.Tts;

/// <summary>Who may stream, and how many streams at once.</summary>
public sealed class TtsAccessTests(VoiceFlowApp app) : IClassFixture<VoiceFlowApp>
{
    private static readonly string LongText =
        string.Concat(Enumerable.Repeat("This sentence is long enough to keep the engine busy for a while. ", 60));

    [Theory]
    [InlineData(HttpTransportType.WebSockets)]
    [InlineData(HttpTransportType.LongPolling)]
    public async Task A_revoked_key_cannot_connect(HttpTransportType transport)
    {
        var key = await app.CreateKeyAsync();
        await key.RevokeAsync();
        await using var connection = app.TtsConnection(key.Key, TtsProtocol.Json, transport);

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task A_key_works_as_a_bearer_token_but_an_account_token_is_not_an_api_key()
    {
        var key = await app.CreateKeyAsync();
        await using var withKey = app.TtsConnection(key.Key, TtsProtocol.Json, asBearer: true);
        await withKey.StartAsync();
        Assert.NotEmpty(await withKey.InvokeAsync<List<TtsVoice>>("Voices"));

        await using var withAccountToken = app.TtsConnection(key.User.AccessToken, TtsProtocol.Json, asBearer: true);
        var error = await Assert.ThrowsAsync<HttpRequestException>(() => withAccountToken.StartAsync());
        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Theory]
    [InlineData(TtsProtocol.Json)]
    [InlineData(TtsProtocol.MessagePack)]
    public async Task A_key_revoked_while_connected_is_refused_on_its_next_synthesis(TtsProtocol protocol)
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, protocol);
        Assert.True((await connection.SynthesizeAllAsync(new TtsRequest("Before.", "en-us", "pcm_16000")))[^1].Final);

        await key.RevokeAsync();

        var (code, chunks) = await TtsClients.StreamErrorAsync(
            connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest("After.", "en-us", "pcm_16000")));
        Assert.Equal("forbidden", code);
        Assert.Equal(0, chunks);
        var text = new[] { "After." }.ToAsyncEnumerable();
        (code, chunks) = await TtsClients.StreamErrorAsync(
            connection.StreamAsync<TtsChunk>("SynthesizeText", new TtsTextOptions("en-us", "pcm_16000"), text));
        Assert.Equal("forbidden", code);
        Assert.Equal(0, chunks);
    }

    [Fact]
    public async Task A_free_key_holds_two_streams_at_once_and_a_third_waits_until_one_ends()
    {
        var key = await app.CreateKeyAsync();
        await using var connection = await app.ConnectTtsAsync(key.Key, TtsProtocol.MessagePack);
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        await using var stream1 = connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest(LongText, "en-us", "pcm_16000"), first.Token).GetAsyncEnumerator();
        await using var stream2 = connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest(LongText, "en-us", "pcm_16000"), second.Token).GetAsyncEnumerator();
        Assert.True(await stream1.MoveNextAsync());
        Assert.True(await stream2.MoveNextAsync());

        var (code, chunks) = await TtsClients.StreamErrorAsync(
            connection.StreamAsync<TtsChunk>("Synthesize", new TtsRequest("One more.", "en-us", "pcm_16000")));
        Assert.Equal("quota_exceeded", code);
        Assert.Equal(0, chunks);

        await first.CancelAsync();
        // The server frees the slot once it has handled the cancellation, which reaches it after the client's cancel.
        List<TtsChunk>? third = null;
        for (int attempt = 0; third is null && attempt < 100; attempt++)
        {
            try
            {
                third = await connection.SynthesizeAllAsync(new TtsRequest("One more.", "en-us", "pcm_16000"));
            }
            catch (HubException e) when (e.Code() == "quota_exceeded")
            {
                await Task.Delay(50);
            }
        }

        Assert.NotNull(third);
        Assert.True(third[^1].Final);
        await second.CancelAsync();
    }
}
